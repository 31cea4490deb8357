import type { Logger } from './logger.js';

/**
 * Logs a problem once when it starts and once when it ends, however many polls it lasts, so that a cloud
 * outage is two log lines, not one per poll.
 */
export class EpisodeLog {
  private readonly open = new Map<string, { since: number; count: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Records one failure of `episode`; logs only the first, or when the problem changes. */
  fail(episode: string, message: string): void {
    const current = this.open.get(episode);
    if (current) {
      current.count++;
      return;
    }
    this.open.set(episode, { since: this.now(), count: 1 });
    this.logger.warn(message);
  }

  /** Ends `episode` if it was open; logs how long it lasted. */
  recover(episode: string, message: (failures: number, seconds: number) => string): void {
    const current = this.open.get(episode);
    if (!current) return;
    this.open.delete(episode);
    this.logger.info(message(current.count, Math.round((this.now() - current.since) / 1000)));
  }

  isOpen(episode: string): boolean {
    return this.open.has(episode);
  }
}
