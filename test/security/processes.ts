/**
 * Processes and receivers for the security review: the built CLI run with umask 000 (so a file or folder created
 * without its own mode shows up as world-writable instead of hiding behind the usual 022), and a webhook
 * receiver. Everything started is stopped by `stopAll()`.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const running: { kill(): void; exit: Promise<unknown> }[] = [];

export async function stopAll(): Promise<void> {
  const stopping = running.splice(0);
  for (const item of stopping) item.kill();
  await Promise.all(stopping.map((item) => item.exit));
}

/** The built CLI as a process, with HOME in `home` and no TEDEE_PAK unless given: its output lines, its exit. */
export function cli(home: string, args: string[], environment: Record<string, string> = {}) {
  const child = spawn(
    '/bin/sh',
    ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, 'dist/cli/main.js', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: home, TEDEE_PAK: '', ...environment },
    },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  running.push({ kill: () => child.exitCode === null && child.kill('SIGKILL'), exit });
  return { child, output, exit };
}

/** Runs the CLI to its end; its output lines. */
export async function cliOutput(
  home: string,
  args: string[],
  environment: Record<string, string> = {},
): Promise<string[]> {
  const run = cli(home, args, environment);
  await run.exit;
  return run.output;
}

/** A webhook receiver on 127.0.0.1: every delivery's body and headers. */
export async function startWebhook() {
  const received: { body: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ body, headers: request.headers });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({
    kill: () => server.close(),
    exit: Promise.resolve(),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}
