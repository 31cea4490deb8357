/**
 * Hostile configuration files for `tedee-hub check-config` and `run` (both read through loadConfigFile) and for
 * `keys issue --request FILE`: `__proto__` and `constructor` keys pollute nothing, a huge file is refused from its
 * size without being read, an endless one (a device) is refused at the cap, and binary garbage gets a clear line
 * naming the file. In-process, so Object.prototype and the heap are this process's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { MAX_CONFIG_BYTES } from '../../src/util/boundedFile.js';
import { fakeIo } from '../helpers/cliIo.js';

const dir = mkdtempSync(join(tmpdir(), 'config-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function checkConfig(path: string) {
  const { io, out, err } = fakeIo({ HOME: dir });
  const status = await runCli(['check-config', path], io);
  return { status, lines: [...out, ...err] };
}

describe('hostile configuration files', () => {
  it('__proto__ and constructor keys: named as unknown options, Object.prototype untouched', async () => {
    const path = file(
      'proto.json',
      '{"personalAccessKey":"abc.def","__proto__":{"polluted":true,"hidden":true},' +
        '"constructor":{"prototype":{"polluted":true}},"locks":[{"name":"Door","__proto__":{"allowOpen":true}}],' +
        '"mqtt":{"url":"mqtt://127.0.0.1:1883","__proto__":{"polluted":true},"commands":{"__proto__":{"enabled":true}}}}',
    );
    const { status, lines } = await checkConfig(path);
    expect(status).toBe(0);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^warning: __proto__: is not a known option/),
        expect.stringMatching(/^warning: constructor: is not a known option/),
      ]) as string[],
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('hidden');
    expect(Object.prototype).not.toHaveProperty('enabled');
    expect(({} as Record<string, unknown>).allowOpen).toBeUndefined();
  });

  it('a 50 MB file is refused from its size at once, not read', async () => {
    const path = file('huge.json', '');
    truncateSync(path, 50 * 1024 * 1024);
    const before = process.memoryUsage();
    const started = performance.now();
    const { status, lines } = await checkConfig(path);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(status).toBe(1);
    expect(lines).toEqual([
      `${path}: is 50 MiB; a configuration file may have at most ${MAX_CONFIG_BYTES / 1024 / 1024} MiB`,
    ]);
    const after = process.memoryUsage();
    expect(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers).toBeLessThan(
      16 * 1024 * 1024,
    );
  });

  it('a device or pipe that never ends is refused: only regular files are read', async () => {
    const { status, lines } = await checkConfig('/dev/zero');
    expect(status).toBe(1);
    expect(lines).toEqual(['/dev/zero: is not a regular file']);
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    // Opening a FIFO without a writer would block forever: it is refused before it is opened.
    const piped = await checkConfig(fifo);
    expect(piped.lines).toEqual([`${fifo}: is not a regular file`]);
  });

  it('binary garbage and text that is not UTF-8: a clear line naming the file', async () => {
    const garbage = file('garbage.json', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x80]));
    expect(await checkConfig(garbage)).toEqual({
      status: 1,
      lines: [`${garbage}: is not a text file (it holds binary data or is not UTF-8)`],
    });
    const latin1 = file('latin1.json', Buffer.from('{"name":"Caf\xe9"}', 'latin1'));
    expect((await checkConfig(latin1)).lines).toEqual([
      `${latin1}: is not a text file (it holds binary data or is not UTF-8)`,
    ]);
    expect((await checkConfig(dir)).lines).toEqual([`${dir}: is not a regular file`]);
  });

  it('a UTF-8 byte order mark (as Windows editors write) is read as the text it starts', async () => {
    const path = file('bom.json', `\uFEFF${JSON.stringify({ personalAccessKey: 'abc.def' })}`);
    expect(await checkConfig(path)).toEqual({ status: 0, lines: ['ok'] });
  });

  it('keys issue --request FILE is capped the same way', async () => {
    const path = file('request.json', '');
    truncateSync(path, 50 * 1024 * 1024);
    const { io, err } = fakeIo({ HOME: dir, TEDEE_PAK: 'abc.def', TEDEE_API_URL: 'http://127.0.0.1:9' });
    expect(await runCli(['keys', 'issue', '--request', path], io)).toBe(2);
    expect(err[0]).toBe(
      `tedee-hub keys issue: --request ${path}: is 50 MiB; a request file may have at most 1 MiB`,
    );
  });
});
