/**
 * A small JSON file in the hub's data folder (slug map, wrong-code lockouts): read once, written atomically
 * (a temporary file renamed over the old one, so a crash leaves the old or the new file, never half of one),
 * readable by the hub's user only. Without a data folder nothing is kept across restarts.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export class JsonFile<T> {
  constructor(
    readonly path: string,
    private readonly logger: Logger,
  ) {}

  /** The folder `<dataDir>/mqtt/<base topic>/<name>.json`, or undefined when the hub has no data folder. */
  static in<T>(
    dataDir: string | undefined,
    base: string,
    name: string,
    logger: Logger,
  ): JsonFile<T> | undefined {
    if (dataDir === undefined) return undefined;
    return new JsonFile<T>(join(dataDir, 'mqtt', encodeURIComponent(base), `${name}.json`), logger);
  }

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

  /** Writes the value; a failure is logged, never thrown (the hub keeps working from memory). */
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
