import { afterAll, beforeAll } from 'vitest';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { EmulatorControl, startEmulator } from '../../src/emulator/index.js';

export interface EmulatorFixture {
  emulator: Emulator;
  control: EmulatorControl;
  url: string;
  key: string;
}

/**
 * Emulated milliseconds a PIN, access or settings write takes to reach a lock in tests. The emulator's
 * realistic default (2 s) would add seconds to every test that writes at a low speed factor; tests of the
 * latency itself pass `deviceLatencyMs`.
 */
export const TEST_DEVICE_LATENCY_MS = 20;

/** Starts one emulator for the test file and closes it afterwards. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeAll(async () => {
    fixture.emulator = await startEmulator({ deviceLatencyMs: TEST_DEVICE_LATENCY_MS, ...options });
    fixture.control = new EmulatorControl(fixture.emulator.url);
    fixture.url = fixture.emulator.url;
    fixture.key = fixture.emulator.key;
  });
  afterAll(async () => {
    await fixture.emulator?.close();
  });
  return fixture;
}
