/**
 * tedee-hub against a cloud that fails: a rejected key, a refused connection, a cloud that accepts the
 * connection and never answers. Every command ends on its own, says so once in its own words, and exits 1.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_RESERVE_MS } from '../../src/cli/deadline.js';
import { runCli } from '../../src/cli/index.js';
import { fakeIo } from '../helpers/cliIo.js';
import { useEmulator } from '../helpers/emulator.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2 });
const REJECTED = 'Zz9Yy8.secretsecretsecret';
/** Words of a daemon that a one-shot command must not use. */
const DAEMON_WORDING = /retrying|backoff|restart|polling stopped|stay available|configuration/i;

/** A "cloud" that accepts every connection and never sends a byte. */
let silent: { server: Server; url: string; sockets: Set<Socket> };
beforeAll(async () => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  silent = { server, sockets, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});
afterAll(async () => {
  for (const socket of silent.sockets) socket.destroy();
  await new Promise((resolve) => silent.server.close(resolve));
});

/** The tedee-hub binary as a user runs it; resolves with its exit code and output once it exits. */
function runProcess(args: string[], extraEnv: Record<string, string>, killAfterMs = 25_000) {
  const child = spawn(process.execPath, ['dist/cli/main.js', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('a rejected key', () => {
  it.each([['locks'], ['lock', 'Front Door'], ['unlock', 'Front Door', '--wait'], ['open', '101']])(
    '%s prints one line in its own words and exits 1',
    async (...argv) => {
      const { io, out, err } = fakeIo({ TEDEE_API_URL: env.url, TEDEE_PAK: REJECTED });
      expect(await runCli(argv, io)).toBe(1);
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(
        new RegExp(
          `^tedee-hub ${argv[0]}: the Tedee cloud rejected the Personal Access Key Zz9Yy8\\.\\*\\*\\*`,
        ),
      );
      expect(err[0]).toContain('TEDEE_PAK');
      expect(err[0]).not.toMatch(DAEMON_WORDING);
      expect(err[0]).not.toContain('secretsecretsecret');
    },
  );

  it('ends watch with exit 1 and one line (in-process)', async () => {
    const { io, out, err } = fakeIo({ TEDEE_API_URL: env.url, TEDEE_PAK: REJECTED });
    expect(await runCli(['watch'], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      /^tedee-hub watch: the Tedee cloud rejected the Personal Access Key Zz9Yy8\.\*\*\*/,
    );
    expect(err[0]).not.toMatch(DAEMON_WORDING);
  });

  it('ends watch with exit 1 and one line (the real binary: no exit 13, no unsettled await)', async () => {
    const { code, stdout, stderr } = await runProcess(['watch'], {
      TEDEE_API_URL: env.url,
      TEDEE_PAK: REJECTED,
    });
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^tedee-hub watch: the Tedee cloud rejected the Personal Access Key Zz9Yy8\.\*\*\*/,
    );
  });
});

describe('a cloud that refuses the connection', () => {
  it('locks prints the error once, in its own words', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { io, out, err } = fakeIo({ TEDEE_API_URL: url, TEDEE_PAK: env.key });
    expect(await runCli(['locks'], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^tedee-hub locks: .*could not be reached.*ECONNREFUSED`));
    expect(err[0]).not.toMatch(DAEMON_WORDING);
  });
});

/*
 * The tests below wait real seconds on idle timers: the next poll of watch (its interval is at least 10 s) and the
 * --timeout of commands talking to a silent cloud. They are independent (their own key, or the silent server), so
 * their suites run concurrently and the file waits about as long as its longest wait. The real binaries run one
 * after the other, beside the in-process commands (their timing margins count a process start each).
 */
describe.concurrent('a key revoked while it runs', () => {
  it('ends watch with exit 1 when the key is revoked while it runs', async () => {
    const created = await env.control.createKey({ name: 'watch' });
    const { io, out, err } = fakeIo({ TEDEE_API_URL: env.url, TEDEE_PAK: created.key });
    const run = runCli(['watch', '--interval', '10'], io);
    await waitFor(() => out.some((line) => line.includes('ready: 2 locks')));
    await fetch(`${env.url}/api/v37/my/personalaccesskey/${created.id}`, {
      method: 'DELETE',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    expect(await run).toBe(1);
    expect(err.at(-1)).toMatch(/^tedee-hub watch: the Tedee cloud rejected the Personal Access Key/);
    expect(err.join('\n')).not.toMatch(DAEMON_WORDING);
  }, 60_000);
});

describe.concurrent('a cloud that accepts the connection and never answers', () => {
  it.each([['locks'], ['unlock', 'Front Door', '--wait'], ['watch']])(
    '%s says what it waits for after 2 s and fails within --timeout',
    async (...argv) => {
      const { io, out, err } = fakeIo({ TEDEE_API_URL: silent.url, TEDEE_PAK: env.key });
      const started = Date.now();
      expect(await runCli([...argv, '--timeout', '4'], io)).toBe(1);
      const elapsed = Date.now() - started;
      // The deadline keeps EXIT_RESERVE_MS back for stopping and exiting (docs/cli.md, "Waiting").
      expect(elapsed).toBeGreaterThanOrEqual(4000 - EXIT_RESERVE_MS - 100);
      expect(elapsed).toBeLessThan(4000 + 500);
      expect(out).toEqual([]);
      expect(err).toEqual([
        `tedee-hub ${argv[0]}: waiting for the Tedee cloud at ${silent.url}...`,
        `tedee-hub ${argv[0]}: the Tedee cloud at ${silent.url} did not answer within 4 s.`,
      ]);
    },
    20_000,
  );

  // One after the other (concurrent: false), beside the in-process tests above.
  it.each([['locks'], ['unlock', 'Front Door', '--wait'], ['watch']])(
    'the real binary (%s) has exited 1 within its --timeout, counted from the process start',
    { concurrent: false, timeout: 20_000 },
    async (...argv) => {
      const started = Date.now();
      const { code, stderr } = await runProcess([...argv, '--api-url', silent.url, '--timeout', '3'], {
        TEDEE_PAK: env.key,
      });
      const elapsed = Date.now() - started;
      expect(code).toBe(1);
      expect(stderr).toContain(`did not answer within 3 s`);
      // Measured from the spawn, which is before the process start: loading the CLI counts too. The margin is
      // for a loaded machine; without load the process ends about EXIT_RESERVE_MS before the timeout.
      expect(elapsed).toBeLessThan(3000 + 500);
      expect(elapsed).toBeGreaterThan(3000 - EXIT_RESERVE_MS - 500);
    },
  );

  it('rejects a timeout that is not a whole number of seconds from 1 to 3600', async () => {
    const { io, err } = fakeIo({ TEDEE_API_URL: silent.url, TEDEE_PAK: env.key });
    expect(await runCli(['locks', '--timeout', '0'], io)).toBe(2);
    expect(err[0]).toBe('tedee-hub locks: --timeout must be a whole number from 1 to 3600, got "0"');
  });
});
