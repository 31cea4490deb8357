import { ApiError, badRequest, forbidden, notFound } from '../http/apiError.js';
import { asObject, text, timeWindow, windowProblem } from '../http/body.js';
import type { ApiContext, ApiRoute } from '../http/context.js';
import { READ_DEVICES, WRITE_DEVICES } from '../http/context.js';
import { pinRuleBroken } from '../pinRules.js';
import type { LockRecord, PinRecord } from '../records.js';
import type { PinBook } from '../world.js';

/** PIN calls reach the lock through its bridge and keypad: they need all three (tedee-api.md section 7). */
function pinLock(context: ApiContext): LockRecord {
  const lock = context.world.lock(context.params.id!);
  if (lock.accessLevel < 1) throw forbidden(`You have no permission to manage PINs of lock ${lock.id}.`);
  if (lock.keypadId === null) throw new ApiError(428, `Lock ${lock.id} has no keypad paired.`);
  if (context.world.isConnected(lock) !== true) throw new ApiError(428, `Lock ${lock.id} is disconnected.`);
  return lock;
}

function book(context: ApiContext, lock: LockRecord): PinBook {
  return context.world.livePins(lock.id);
}

function readPin(body: unknown, pins: PinBook, exceptId?: number): Omit<PinRecord, 'id'> {
  const fields = asObject(body);
  const alias = text(fields, 'alias');
  const problem = pinRuleBroken(fields.pin);
  if (problem) throw badRequest(`Invalid PIN: ${problem}.`);
  const pin = fields.pin as string;
  const window = timeWindow(fields);
  const windowIssue = windowProblem(window);
  if (windowIssue) throw badRequest(windowIssue);
  const duplicate = [...pins.pins.values()].some((other) => other.pin === pin && other.id !== exceptId);
  if (duplicate) throw new ApiError(406, 'This PIN already exists on the lock.');
  return { alias, pin, ...window };
}

/** A PIN change is written to the lock's keypad: it takes the device latency, and may meet 408 or 409. */
function toLock<T>(context: ApiContext, lock: LockRecord, apply: () => T): Promise<T> {
  return context.device.write(lock, apply, true);
}

function existing(pins: PinBook, pinId: string | undefined): PinRecord {
  const pin = pins.pins.get(Number(pinId));
  if (!pin) throw notFound(`PIN ${pinId} not found.`);
  return pin;
}

export const pinRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/my/lock/{id}/pin',
    scopes: READ_DEVICES,
    handle: (context) => {
      const pins = book(context, pinLock(context));
      if (context.query.int('listVersion') === pins.listVersion) {
        return { status: 304, result: undefined };
      }
      return {
        status: 200,
        result: {
          listVersion: pins.listVersion,
          pins: [...pins.pins.values()].map(({ id, alias }) => ({ id, alias })),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/my/lock/{id}/pin/{pinId}',
    scopes: READ_DEVICES,
    handle: (context) => ({
      status: 200,
      result: { ...existing(book(context, pinLock(context)), context.params.pinId) },
    }),
  },
  {
    method: 'POST',
    path: '/my/lock/{id}/pin',
    scopes: WRITE_DEVICES,
    handle: async (context) => {
      const lock = pinLock(context);
      const pins = book(context, lock);
      const input = readPin(context.body, pins);
      if (pins.pins.size >= context.world.pinLimit) {
        throw new ApiError(412, `The lock holds at most ${context.world.pinLimit} PINs.`);
      }
      const id = await toLock(context, lock, () => {
        const pin: PinRecord = { id: pins.nextId++, ...input };
        pins.pins.set(pin.id, pin);
        pins.listVersion++;
        return pin.id;
      });
      return { status: 201, result: { id } };
    },
  },
  {
    method: 'PUT',
    path: '/my/lock/{id}/pin/{pinId}',
    scopes: WRITE_DEVICES,
    handle: async (context) => {
      const lock = pinLock(context);
      const pins = book(context, lock);
      const pin = existing(pins, context.params.pinId);
      const input = readPin(context.body, pins, pin.id);
      await toLock(context, lock, () => {
        Object.assign(pin, input);
        pins.listVersion++;
      });
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/my/lock/{id}/pin/{pinId}',
    scopes: WRITE_DEVICES,
    handle: async (context) => {
      const lock = pinLock(context);
      const pins = book(context, lock);
      const { id } = existing(pins, context.params.pinId);
      await toLock(context, lock, () => {
        pins.pins.delete(id);
        pins.listVersion++;
      });
      return { status: 204 };
    },
  },
];
