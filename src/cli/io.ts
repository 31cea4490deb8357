/** What the CLI touches of its process, passed in so that commands run in tests without a process. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** When the command started (epoch ms): the process start for the real CLI, so --timeout counts from there. */
  startedAt?: number;
  /**
   * Resolves with the signal name when the user asks the command to stop (SIGINT or SIGTERM), or with
   * "EPIPE" when the reader of its output has gone.
   */
  untilStopped: () => Promise<string>;
}

/**
 * The reader of stdout or stderr has gone (`tedee-hub --help | head -1`): Node reports EPIPE as an 'error'
 * event, which crashed the process when nothing listened. Like a SIGPIPE, a closed reader ends the command
 * quietly (docs/cli.md, "A closed output"): output from then on is dropped, and a command that waits for Ctrl-C
 * stops as if it had been asked to.
 */
class OutputPipes {
  closed = false;
  private readonly onClose = new Set<() => void>();

  constructor(streams: NodeJS.WriteStream[]) {
    for (const stream of streams)
      stream.on('error', (error: NodeJS.ErrnoException) => {
        // Any other write error is a real failure, reported as before.
        if (error.code !== 'EPIPE') throw error;
        this.close();
      });
  }

  write(stream: NodeJS.WriteStream, line: string): void {
    if (!this.closed) stream.write(`${line}\n`);
  }

  whenClosed(listener: () => void): () => void {
    if (this.closed) queueMicrotask(listener);
    else this.onClose.add(listener);
    return () => this.onClose.delete(listener);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose.forEach((listener) => listener());
    this.onClose.clear();
  }
}

export function processIo(): CliIo {
  const pipes = new OutputPipes([process.stdout, process.stderr]);
  return {
    out: (line) => pipes.write(process.stdout, line),
    err: (line) => pipes.write(process.stderr, line),
    env: process.env,
    startedAt: performance.timeOrigin,
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
          forget();
          resolve(signal);
        };
        const forget = pipes.whenClosed(() => stop('EPIPE'));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
