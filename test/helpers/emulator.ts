import { afterAll, beforeAll } from 'vitest';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { EmulatorControl, startEmulator } from '../../src/emulator/index.js';

export interface EmulatorFixture {
  emulator: Emulator;
  control: EmulatorControl;
  url: string;
  key: string;
}

/** Starts one emulator for the test file and closes it afterwards. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeAll(async () => {
    fixture.emulator = await startEmulator(options);
    fixture.control = new EmulatorControl(fixture.emulator.url);
    fixture.url = fixture.emulator.url;
    fixture.key = fixture.emulator.key;
  });
  afterAll(async () => {
    await fixture.emulator?.close();
  });
  return fixture;
}
