/**
 * Reading a small text file a user names (a configuration, a key request) without trusting it: only a regular
 * file (a device such as /dev/zero never ends, and opening a FIFO blocks until someone writes), refused from its
 * size before it is read when larger than the cap, read at most up to the cap (a file may grow meanwhile), and
 * UTF-8 text or a clear refusal. A byte order mark, as Windows editors write, is dropped. docs/hostile-input.md.
 */
import { open, stat } from 'node:fs/promises';

/** The largest configuration file read: real ones are a few KiB, with inline certificates some tens. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** The largest key request file read: a request for many doors and persons is some KiB. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export type TextFile = { ok: true; text: string } | { ok: false; problem: string };

const MiB = 1024 * 1024;

function size(bytes: number): string {
  return bytes >= MiB ? `${Math.round(bytes / MiB)} MiB` : `${bytes} bytes`;
}

/** Control characters other than tab, line feed and carriage return: a text file holds none. */
function isBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/**
 * The text of `path`, or a problem worded to follow "<path>: " (`is not a regular file`, `is 50 MiB; a
 * configuration file may have at most 1 MiB`, `cannot be read (EACCES)`). `what` names the kind of file.
 */
export async function readTextFile(path: string, maxBytes: number, what: string): Promise<TextFile> {
  const tooLarge = (bytes: number): TextFile => ({
    ok: false,
    problem: `is ${size(bytes)}; a ${what} may have at most ${size(maxBytes)}`,
  });
  const unreadable = (error: unknown): TextFile => ({
    ok: false,
    problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
  });
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, problem: 'is not a regular file' };
    if (info.size > maxBytes) return tooLarge(info.size);
  } catch (error) {
    return unreadable(error);
  }
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      for (let read = -1; read !== 0 && length < buffer.length; length += read)
        ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, null));
      if (length > maxBytes) return tooLarge(length);
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return unreadable(error);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    text = '\u0000';
  }
  if (isBinary(text))
    return { ok: false, problem: 'is not a text file (it holds binary data or is not UTF-8)' };
  return { ok: true, text };
}
