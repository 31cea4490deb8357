/**
 * The MQTT mirror's files in the hub's data folder (slug map, wrong-code lockouts), under
 * `<dataDir>/mqtt/<base topic>/`; util/jsonFile.ts writes them atomically, readable by the hub's user only.
 * Without a data folder nothing is kept across restarts.
 */
import { join } from 'node:path';
import { JsonFile as AtomicJsonFile } from '../util/jsonFile.js';
import type { Logger } from '../util/logger.js';

export class JsonFile<T> extends AtomicJsonFile<T> {
  /** The file `<dataDir>/mqtt/<base topic>/<name>.json`, or undefined when the hub has no data folder. */
  static in<T>(
    dataDir: string | undefined,
    base: string,
    name: string,
    logger: Logger,
  ): JsonFile<T> | undefined {
    if (dataDir === undefined) return undefined;
    return new JsonFile<T>(join(dataDir, 'mqtt', encodeURIComponent(base), `${name}.json`), logger);
  }
}
