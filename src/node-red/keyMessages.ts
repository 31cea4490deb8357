/**
 * The messages of a `tedee-key` node: the key (output 1) with a per-door summary, a delivery (output 2) shaped
 * for the usual sending nodes (email: `to`, `topic` as the subject, `payload` as the text), and `msg.error`
 * for Catch. Doorcodes: the key is masked unless the node reveals it; a delivery carries the code in clear,
 * as the key service's `delivery` event does, because sending it to the person is its purpose.
 */
import type { DoorCredentialStatus, Key, LockHub } from '../core/index.js';
import { KeyError } from '../core/index.js';
import type { Delivery } from '../core/keys/delivery/index.js';
import type { NodeMessage } from './red.js';

export interface DoorSummary {
  lockId: number;
  name?: string;
  serialNumber?: string;
  /** The least finished state of the door's credentials: failed, waiting, setting, removing, set or removed. */
  status: DoorCredentialStatus;
  /** Why a credential on the door waits or failed, with its code. */
  problems: { kind: string; person: string; code?: string; reason?: string }[];
}

const ORDER: DoorCredentialStatus[] = ['failed', 'waiting', 'setting', 'removing', 'set', 'removed'];

/** Per door: how far the key's credentials there are written, and why one waits or failed. */
export function doorSummary(key: Key, hub: LockHub | undefined): DoorSummary[] {
  return key.doors.map((lockId) => {
    const objects = key.objects.filter((object) => object.lockId === lockId || object.kind === 'smartkey');
    const status = ORDER.find((state) => objects.some((object) => object.status === state)) ?? 'set';
    const lock = hub?.lock(lockId);
    return {
      lockId,
      ...(lock ? { name: lock.name, serialNumber: lock.serialNumber } : {}),
      status,
      problems: objects
        .filter((object) => object.status === 'failed' || object.status === 'waiting')
        .map((object) => ({
          kind: object.kind,
          person: key.persons[object.person]?.name ?? String(object.person),
          ...(object.code ? { code: object.code } : {}),
          ...(object.reason ? { reason: object.reason } : {}),
        })),
    };
  });
}

/**
 * Output 1 for a dry run or a list: the input message with the answer as payload. The node consumes
 * `msg.action`: the action done is `msg.keyAction`, so a second key node wired after this one acts by its own
 * setting instead of repeating this one's action (a list followed by a revoke would list again).
 */
export function answerMessage(msg: NodeMessage, action: string, payload: unknown): NodeMessage {
  const { action: _consumed, ...rest } = msg;
  return { ...rest, keyAction: action, payload };
}

/** Output 1: the input message with the key as payload, its id, status and per-door summary beside. */
export function keyMessage(
  msg: NodeMessage,
  action: string,
  key: Key,
  hub: LockHub | undefined,
): NodeMessage {
  return {
    ...answerMessage(msg, action, key),
    topic: key.name,
    keyId: key.id,
    status: key.status,
    doors: doorSummary(key, hub),
  };
}

/** Output 2: one person's credentials, ready for an email, SMS or chat node. */
export function deliveryMessage(delivery: Delivery): NodeMessage {
  return {
    topic: delivery.message.subject,
    payload: delivery.message.text,
    ...(delivery.person.email ? { to: delivery.person.email } : {}),
    keyId: delivery.key.id,
    delivery,
  };
}

/**
 * The error a key node hands to `done(err)`. A Catch node's `msg.error` gets `message`, `code` and `cause` from
 * it (Node-RED copies those three), so the key error's details travel as `cause`: the code, and where they
 * apply the door, the credential, the reason and every problem of a refused request.
 */
export class KeyNodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    override readonly cause: KeyErrorDetails,
  ) {
    super(message);
    this.name = 'KeyNodeError';
  }
}

export interface KeyErrorDetails {
  code: string;
  door?: { lockId: number; name?: string };
  credential?: string;
  reason?: string;
  problems?: string[];
}

export function keyNodeError(caught: unknown): KeyNodeError {
  const message = caught instanceof Error ? caught.message : String(caught);
  const raw = (caught as { code?: unknown } | undefined)?.code;
  const code = typeof raw === 'string' ? raw : 'INTERNAL';
  const details: KeyErrorDetails = { code };
  if (caught instanceof KeyError) {
    if (caught.door) details.door = caught.door;
    if (caught.credential) details.credential = caught.credential;
    if (caught.reason) details.reason = caught.reason;
    if (caught.problems.length > 0) details.problems = caught.problems;
  }
  return new KeyNodeError(code, message, details);
}
