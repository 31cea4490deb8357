import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startServices } from '../../runtime/services.js';
import { parse, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';
import { loadConfigFile } from '../configFile.js';

/** How long stopping may take before the process gives up waiting (the issue allows 5 s in all). */
const STOP_DEADLINE_MS = 4000;

/** The hub's data folder for the CLI when the configuration names none: ~/.tedee-hub ($HOME first). */
export function defaultDataDir(env: CliIo['env']): string {
  return join(env.HOME || homedir(), '.tedee-hub');
}

/** tedee-hub run --config <file> [--log-format text|json]: the hub and the MQTT mirror until SIGINT/SIGTERM. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    { config: { type: 'string' }, 'log-format': { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  if (!values.config) throw new UsageError('--config <file> is required');
  const format = values['log-format'] ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--log-format must be text or json, got "${format}"`);
  const logger = lineLogger(io.out, format);
  const loaded = await loadConfigFile(values.config, io.env);
  if (!loaded.ok) {
    for (const problem of loaded.errors) logger.error(`Invalid configuration: ${problem}`);
    return 1;
  }
  for (const warning of loaded.warnings) logger.warn(`Configuration: ${warning}`);
  const dataDir = loaded.config.dataDir ?? defaultDataDir(io.env);
  try {
    // Only this user may read what the hub keeps (lockouts, topic maps, keys). An existing folder is left as it is.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    logger.error(
      `The data folder ${dataDir} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'}); set dataDir in the configuration.`,
    );
    return 1;
  }
  const services = await startServices({ ...loaded.config, dataDir }, { logger });
  logger.info(
    `Tedee hub running (keys ${services.hub.keyPrefixes().join(', ')}, data in ${dataDir}${loaded.config.mqtt ? ', MQTT on' : ''}).`,
  );
  const signal = await io.untilStopped();
  logger.info(`${signal}: publishing offline and stopping.`);
  await Promise.race([
    services.stop(),
    new Promise((resolve) => setTimeout(resolve, STOP_DEADLINE_MS).unref()),
  ]);
  logger.info('Stopped.');
  return 0;
}
