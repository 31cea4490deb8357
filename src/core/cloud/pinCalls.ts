/**
 * Keypad PINs (doorcodes) of one key: create, read, update and delete on a lock, in domain terms. Every time
 * field is a UTC string as Tedee stores it (the schedule compiler makes them); the code itself never appears
 * in an error. Needs Device.ReadWrite to write, Device.Read to read.
 */
import type { PinInput, TedeeClient } from '../../client/index.js';
import { keyCall, keyDelete } from './keyErrors.js';
import type { UtcWindow } from './utcWindow.js';
import { everyWindowField } from './utcWindow.js';

export interface DoorcodeWrite {
  /** The name shown in the Tedee app and the activity log. */
  alias: string;
  /** 5-8 digits. */
  code: string;
  window?: UtcWindow;
}

export interface StoredDoorcode extends DoorcodeWrite {
  id: number;
  window: UtcWindow;
}

export interface DoorcodeSummary {
  id: number;
  alias: string;
}

/** The PIN list, or `changed: false` when the listVersion given is still current (one cheap 304). */
export type DoorcodeList =
  { changed: true; listVersion: number; pins: DoorcodeSummary[] } | { changed: false; listVersion: number };

function wire(write: DoorcodeWrite): PinInput {
  // PUT replaces the whole PIN: every field is sent, null where there is no bound.
  return {
    alias: write.alias,
    pin: write.code,
    ...everyWindowField(write.window),
  };
}

export class PinCalls {
  constructor(private readonly client: TedeeClient) {}

  /** Writes a new PIN; returns its id. PIN_DUPLICATE, PIN_LIMIT, PIN_INVALID, LOCK_OFFLINE, ... */
  create(lockId: number, write: DoorcodeWrite): Promise<number> {
    return keyCall({ action: `Creating a PIN on lock ${lockId}`, code: write.code }, async () => {
      return (await this.client.createPin(lockId, wire(write))).id;
    });
  }

  /** Replaces a PIN (code, alias and window). */
  update(lockId: number, pinId: number, write: DoorcodeWrite): Promise<void> {
    return keyCall({ action: `Updating PIN ${pinId} on lock ${lockId}`, code: write.code }, () =>
      this.client.updatePin(lockId, pinId, wire(write)),
    );
  }

  /** Deletes a PIN; false when it was gone already (deleted in the app, or expired). */
  remove(lockId: number, pinId: number): Promise<boolean> {
    return keyDelete({ action: `Deleting PIN ${pinId} on lock ${lockId}` }, () =>
      this.client.deletePin(lockId, pinId),
    );
  }

  /** One PIN with its code (the only call that returns it: for reconcile, never for display). */
  get(lockId: number, pinId: number): Promise<StoredDoorcode> {
    return keyCall({ action: `Reading PIN ${pinId} on lock ${lockId}` }, async () => {
      const pin = await this.client.getPin(lockId, pinId);
      return {
        id: pin.id,
        alias: pin.alias ?? '',
        code: pin.pin,
        window: everyWindowField(pin),
      };
    });
  }

  /** The lock's PINs (ids and aliases). Pass the last listVersion seen to pay for a 304 only when unchanged. */
  list(lockId: number, listVersion?: number): Promise<DoorcodeList> {
    return keyCall({ action: `Reading the PINs of lock ${lockId}` }, async () => {
      const answer = await this.client.listPins(lockId, listVersion);
      if (answer.notModified) return { changed: false, listVersion: answer.listVersion };
      return {
        changed: true,
        listVersion: answer.listVersion,
        pins: answer.pins.map((pin) => ({ id: pin.id, alias: pin.alias ?? '' })),
      };
    });
  }
}
