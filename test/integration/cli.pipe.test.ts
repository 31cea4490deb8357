/**
 * The built CLI with a reader that closes its pipe before the output is written (`tedee-hub --help | head -1`):
 * the command ends quietly with its own exit status, no "Unhandled 'error' event ... EPIPE".
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface Ended {
  code: number | null;
  signal: string | null;
  /** What the stream that stayed open received. */
  other: string;
}

/** Runs the built CLI and closes the read end of `closed` at once, before the process has started. */
function runClosing(argv: string[], closed: 'stdout' | 'stderr'): Promise<Ended> {
  const child = spawn(process.execPath, ['dist/cli/main.js', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  child[closed].destroy();
  const open = closed === 'stdout' ? child.stderr : child.stdout;
  let other = '';
  open.setEncoding('utf8').on('data', (chunk: string) => (other += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tedee-hub ${argv.join(' ')} did not end within 20 s after its ${closed} closed`));
    }, 20_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, other });
    });
  });
}

describe('a reader that closes the pipe early', () => {
  it('tedee-hub --help with stdout closed ends quietly with exit 0', async () => {
    const ended = await runClosing(['--help'], 'stdout');
    expect(ended).toEqual({ code: 0, signal: null, other: '' });
  });

  it('tedee-hub with no command and stderr closed ends quietly with its usage status 2', async () => {
    const ended = await runClosing([], 'stderr');
    expect(ended).toEqual({ code: 2, signal: null, other: '' });
  });

  it('tedee-hub emulator, which runs until stopped, stops when its stdout reader has gone (exit 0)', async () => {
    const ended = await runClosing(['emulator', '--port', '0', '--locks', '1'], 'stdout');
    expect(ended).toEqual({ code: 0, signal: null, other: '' });
  });
});
