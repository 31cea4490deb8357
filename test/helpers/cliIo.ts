import type { CliIo } from '../../src/cli/io.js';

/** A CliIo that records output and can be told to stop, for running CLI commands in-process. */
export function fakeIo(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    untilStopped: () => stopped,
  };
  return { io, out, err, stop: () => stop('SIGINT') };
}
