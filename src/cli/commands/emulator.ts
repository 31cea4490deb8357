import { startEmulator } from '../../emulator/index.js';
import { integerOption, numberOption, parse } from '../args.js';
import type { CliIo } from '../io.js';

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
    port: integerOption(values.port, 'port', 0, 65535, 0),
    locks: integerOption(values.locks, 'locks', 0, 5000, 3),
    seed: integerOption(values.seed, 'seed', 0, 2 ** 31 - 1, 1),
    speed: numberOption(values.speed, 'speed', 0.001, 1_000_000, 1),
  });
  // The one line scripts read: the emulator's own key, which opens nothing but the emulator.
  io.out(JSON.stringify({ url: emulator.url, key: emulator.key }));
  await io.untilStopped();
  await emulator.close();
  return 0;
}
