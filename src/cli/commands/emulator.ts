import { startEmulator } from '../../emulator/index.js';
import { numericOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';

/** tedee-hub emulator [--port N] [--locks N] [--seed S] [--speed X] */
export async function emulatorCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    {
      port: { type: 'string' },
      locks: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
    },
    { min: 0, max: 0, names: '' },
  );
  const emulator = await startEmulator({
    port: numericOption(values.port, 'port', { min: 0, max: 65535, fallback: 0 }),
    locks: numericOption(values.locks, 'locks', { min: 0, max: 5000, fallback: 3 }),
    seed: numericOption(values.seed, 'seed', { min: 0, max: 2 ** 31 - 1, fallback: 1 }),
    speed: numericOption(values.speed, 'speed', { min: 0.001, max: 1_000_000, fallback: 1, fractions: true }),
    // Notes on the clients' API versions go to stderr: stdout carries only the one JSON line.
    logger: lineLogger(io.err),
  });
  // The one line scripts read: the emulator's own key, which opens nothing but the emulator.
  io.out(JSON.stringify({ url: emulator.url, key: emulator.key }));
  await io.untilStopped();
  await emulator.close();
  return 0;
}
