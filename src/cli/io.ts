/** What the CLI touches of its process, passed in so that commands run in tests without a process. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Resolves with the signal name when the user asks the command to stop (SIGINT or SIGTERM). */
  untilStopped: () => Promise<string>;
}

export function processIo(): CliIo {
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
    untilStopped: () =>
      new Promise((resolve) => {
        // Signal listeners do not keep Node running. Without a handle of its own, a command that waits only
        // for Ctrl-C (watch, run) ends with exit 13 ("unsettled top-level await") once nothing else is
        // pending, e.g. after the hub stopped polling because its key was rejected.
        const keepAlive = setInterval(() => undefined, 2 ** 30);
        const stop = (signal: string) => {
          clearInterval(keepAlive);
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(signal);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
