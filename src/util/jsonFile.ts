/**
 * A small JSON file in the hub's data folder: read once, written atomically (a temporary file renamed over the
 * old one, so a crash leaves the old or the new file, never half of one), in a folder only the hub's user may
 * enter (0700) and readable by that user only (0600). Failures are logged, never thrown: the hub keeps working
 * from memory.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';

export class JsonFile<T> {
  constructor(
    readonly path: string,
    private readonly logger: Logger,
  ) {}

  /** The stored value, or undefined when there is none or it cannot be read (said once in the log). */
  read(): T | undefined {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn(`Could not read ${this.path} (${errorMessage(error)}); starting without it.`);
      return undefined;
    }
  }

  /** Writes the value; a failure is logged, never thrown. */
  write(value: T): void {
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      writeFileSync(temporary, JSON.stringify(value), { mode: 0o600 });
      renameSync(temporary, this.path);
    } catch (error) {
      this.logger.warn(`Could not write ${this.path}: ${errorMessage(error)}`);
    }
  }
}
