/**
 * Listens for what would take a host process down: an unhandled rejection or an uncaught exception while
 * the scenarios run. Each is recorded in `processFailures`, and the runner expects that list to stay empty.
 */
import { afterAll, beforeAll } from 'vitest';
import { processFailures } from './runner.js';

export function watchProcess(): void {
  const rejected = (reason: unknown) => void processFailures.push(`unhandled rejection: ${String(reason)}`);
  const thrown = (error: unknown) => void processFailures.push(`uncaught exception: ${String(error)}`);
  beforeAll(() => {
    process.on('unhandledRejection', rejected);
    process.on('uncaughtException', thrown);
  });
  afterAll(() => {
    process.off('unhandledRejection', rejected);
    process.off('uncaughtException', thrown);
  });
}
