/** The demo house in a real emulator: its four locks as documented, and the garage's radio dropping and coming back. */
import { describe, expect, it } from 'vitest';
import { GarageRadio, HOUSE, HOUSE_LOCKS, buildHouse } from '../../src/cli/commands/demoHouse.js';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

// 10 emulated minutes in one real second.
const env = useEmulator({ locks: HOUSE_LOCKS, seed: 1, speed: 600 });

describe('the demo house', () => {
  it('has a Front Door with keypad, door sensor and pull spring, a Back Door with keypad, a Garage, a Study without pull spring', async () => {
    await buildHouse(env.control);
    const locks = new Map((await env.control.locks()).map((lock) => [lock.id, lock]));
    const front = locks.get(HOUSE.frontDoor.id)!;
    expect(front).toMatchObject({ name: 'Front Door', state: 6 });
    expect(front.keypadId).not.toBeNull();
    expect(front.doorSensorId).not.toBeNull();
    expect(front.deviceSettings.pullSpringEnabled).toBe(true);
    expect(locks.get(HOUSE.backDoor.id)).toMatchObject({ name: 'Back Door', doorSensorId: null });
    expect(locks.get(HOUSE.backDoor.id)!.keypadId).not.toBeNull();
    expect(locks.get(HOUSE.garage.id)).toMatchObject({ name: 'Garage', online: true });
    expect(locks.get(HOUSE.study.id)).toMatchObject({ name: 'Study', state: 2 });
    expect(locks.get(HOUSE.study.id)!.deviceSettings.pullSpringEnabled).toBe(false);
  });

  it('takes the Garage offline every 10 emulated minutes for 90 s, and stops doing so when stopped', async () => {
    const radio = new GarageRadio(env.control, env.emulator.clock);
    const online = async () => (await env.control.lock(HOUSE.garage.id)).online;
    radio.start();
    try {
      const before = env.emulator.clock.now();
      await waitFor(async () => !(await online()), 10_000, 'the Garage offline');
      expect(env.emulator.clock.now() - before).toBeGreaterThanOrEqual(10 * 60_000);
      await waitFor(online, 10_000, 'the Garage back');
    } finally {
      radio.stop();
    }
    const stoppedAt = env.emulator.clock.now();
    // Another 15 emulated minutes (1.5 s real), read every few emulated seconds: never offline (a drop lasts 90 s).
    let dropped = false;
    await waitFor(
      async () => {
        dropped ||= !(await online());
        return env.emulator.clock.now() - stoppedAt > 15 * 60_000;
      },
      5000,
      '15 emulated minutes',
    );
    expect(dropped).toBe(false);
  });
});
