/**
 * The demo house in the emulator: four locks that together show every feature. Built through the control API,
 * as a person with the Tedee app would set the locks up, before any hub reads them.
 */
import type { EmulatorControl } from '../../emulator/index.js';
import type { Clock, Timer } from '../../util/clock.js';

export const HOUSE = {
  /** Lock PRO with keypad, door sensor and pull spring: doorcodes open it, the door reports open and closed. */
  frontDoor: { id: 101, name: 'Front Door' },
  /** A keypad, no door sensor: the guest-stay example flow issues doorcodes for the Front and Back Door. */
  backDoor: { id: 102, name: 'Back Door' },
  /** Loses its bridge connection now and then (see GarageRadio). */
  garage: { id: 103, name: 'Garage' },
  /** A lock without pull spring: "open" is refused for it, as a door without a latch to pull. */
  study: { id: 104, name: 'Study' },
} as const;

export const HOUSE_LOCKS = Object.keys(HOUSE).length;

export async function buildHouse(control: EmulatorControl): Promise<void> {
  const { frontDoor, backDoor, garage, study } = HOUSE;
  await control.patchLock(frontDoor.id, {
    name: frontDoor.name,
    keypad: true,
    doorSensor: true,
    pullSpringEnabled: true,
    state: 6,
    batteryLevel: 87,
  });
  await control.patchLock(backDoor.id, {
    name: backDoor.name,
    keypad: true,
    doorSensor: false,
    pullSpringEnabled: true,
    state: 6,
    batteryLevel: 64,
  });
  await control.patchLock(garage.id, {
    name: garage.name,
    keypad: false,
    doorSensor: true,
    pullSpringEnabled: true,
    state: 6,
    batteryLevel: 45,
  });
  await control.patchLock(study.id, {
    name: study.name,
    keypad: false,
    doorSensor: false,
    pullSpringEnabled: false,
    state: 2,
    batteryLevel: 92,
  });
}

/** Emulated minutes between the garage's losses of connection, and how long each lasts. */
const GARAGE_ONLINE_MS = 10 * 60_000;
const GARAGE_OFFLINE_MS = 90_000;

/**
 * The garage's weak radio: offline for 90 s every 10 minutes of emulated time, so that every front end shows
 * an unavailable lock that comes back. Off while a scenario runs, which takes the garage offline itself.
 */
export class GarageRadio {
  private timer: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly control: EmulatorControl,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.next(true);
  }

  private next(connected: boolean): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.control.patchLock(HOUSE.garage.id, { connected: !connected }).then(
          () => this.next(!connected),
          // The emulator is stopping with the demo.
          () => undefined,
        );
      },
      connected ? GARAGE_ONLINE_MS : GARAGE_OFFLINE_MS,
    );
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }
}
