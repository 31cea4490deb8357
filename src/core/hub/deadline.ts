/**
 * The end of a command's time: `commandTimeout` after its submission. Every wait of the command (the queue,
 * sending, the operation poll, the confirming read, the second step of an open) races it, so that every
 * command ends in time even when a request hangs.
 */
import type { Clock, Timer } from '../../util/clock.js';

/** Thrown by Deadline.race when the time is up before the work settled. */
export class DeadlinePassed extends Error {
  constructor() {
    super('the command ran out of time');
    this.name = 'DeadlinePassed';
  }
}

export class Deadline {
  constructor(
    private readonly clock: Clock,
    readonly at: number,
  ) {}

  remainingMs(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  passed(): boolean {
    return this.remainingMs() === 0;
  }

  /**
   * Settles like `work`, or rejects with DeadlinePassed when the time is up first. The work itself goes on
   * (a request in flight cannot be called back); its result is then dropped.
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.passed()) {
      work.catch(() => undefined);
      return Promise.reject(new DeadlinePassed());
    }
    let timer: Timer | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(() => reject(new DeadlinePassed()), this.remainingMs());
    });
    return Promise.race([work, expired]).finally(() => this.clock.clearTimeout(timer));
  }
}
