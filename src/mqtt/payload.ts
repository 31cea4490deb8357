/**
 * What goes over the wire: the retained state of a lock (snake_case keys, Home Assistant's lock vocabulary)
 * and the parsing of command payloads, which never trusts its input.
 */
import type { ActivityEvent, Lock, LockAction, LockState } from '../core/index.js';

export type HaLockState = 'LOCKED' | 'UNLOCKED' | 'LOCKING' | 'UNLOCKING' | 'OPENING' | 'OPEN' | 'JAMMED';

/** DESIGN.md's HA column; null is "unknown" (Home Assistant reads it as None). */
export function haState(state: LockState): HaLockState | null {
  switch (state) {
    case 'locked':
      return 'LOCKED';
    case 'unlocked':
    case 'semi_locked':
      return 'UNLOCKED';
    case 'locking':
      return 'LOCKING';
    case 'unlocking':
      return 'UNLOCKING';
    case 'opening':
      return 'OPENING';
    case 'open':
      return 'OPEN';
    case 'jammed':
      return 'JAMMED';
    case 'unknown':
      return null;
  }
}

/** The retained state message of `<base>/<lock>`. */
export function statePayload(lock: Lock): Record<string, unknown> {
  const { status } = lock;
  return {
    state: haState(status.state),
    lock_state: status.state,
    battery: status.battery,
    charging: status.charging,
    door: status.door,
    jammed: status.jammed,
    connected: status.connected,
    last_changed: status.lastChanged,
  };
}

/**
 * One activity entry of `<base>/<lock>/activity`, snake_case like the state. `event_type` is the action: Home
 * Assistant's MQTT event entity needs it, and takes the other keys as the event's attributes. Who came in is
 * the PIN's alias, the link's name or the app user's name; there is never a doorcode.
 */
export function activityPayload(event: ActivityEvent): Record<string, unknown> {
  return {
    event_type: event.action,
    action: event.action,
    method: event.method,
    event: event.event,
    at: event.at,
    id: event.id,
    serial_number: event.serialNumber,
    lock_name: event.lockName,
    ...(event.pinAlias !== undefined ? { pin_alias: event.pinAlias } : {}),
    ...(event.linkName !== undefined ? { link_name: event.linkName } : {}),
    ...(event.user !== undefined ? { user_name: event.user.name } : {}),
  };
}

export interface Command {
  action: LockAction;
  code?: string;
  /** Echoed on the result, so a caller on MQTT 3.1.1 can match answers to requests. */
  transaction?: string | number;
}

/** Why a payload is not a command: a stable code for the result, and a reason for people. */
export type InvalidCommandCode = 'INVALID_COMMAND' | 'COMMAND_TOO_LARGE';

export type ParsedCommand =
  { ok: true; command: Command } | { ok: false; reason: string; code: InvalidCommandCode };

export const MAX_COMMAND_BYTES = 1024;
const ACTIONS: Record<string, LockAction> = { lock: 'lock', unlock: 'unlock', open: 'open' };
const ALLOWED_KEYS = new Set(['action', 'code', 'transaction']);

function action(raw: unknown): LockAction | undefined {
  return typeof raw === 'string' ? ACTIONS[raw.trim().toLowerCase()] : undefined;
}

/** Control characters other than tab, line feed and carriage return mark binary data. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f;
}

function fail(reason: string, code: InvalidCommandCode = 'INVALID_COMMAND'): ParsedCommand {
  return { ok: false, reason, code };
}

/** `LOCK`, `UNLOCK`, `OPEN`, or JSON `{"action": …, "code": …, "transaction": …}`; anything else is refused with a reason. */
export function parseCommand(payload: Buffer): ParsedCommand {
  if (payload.length === 0) return fail('the payload is empty');
  if (payload.length > MAX_COMMAND_BYTES)
    return fail(`the payload is larger than ${MAX_COMMAND_BYTES} bytes`, 'COMMAND_TOO_LARGE');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(payload);
  if (text.includes('\uFFFD') || [...text].some(isControl)) return fail('the payload is not text');
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    const plain = action(trimmed);
    // The payload itself is never repeated in a reason: it may carry a code.
    return plain
      ? { ok: true, command: { action: plain } }
      : fail('unknown action; allowed: LOCK, UNLOCK, OPEN');
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    // JSON.parse quotes part of the input in its message, and the input may carry a code: say no more.
    return fail('the payload is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail('the JSON payload must be an object');
  const fields = json as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !ALLOWED_KEYS.has(key));
  if (unknown.length > 0)
    return fail(
      `unknown field ${unknown.map((key) => `"${key}"`).join(', ')}; allowed: action, code, transaction`,
    );
  const parsed = action(fields.action);
  if (!parsed) return fail(`"action" must be LOCK, UNLOCK or OPEN`);
  const { code, transaction } = fields;
  if (code !== undefined && typeof code !== 'string' && typeof code !== 'number')
    return fail('"code" must be a string or a number');
  if (transaction !== undefined && typeof transaction !== 'string' && typeof transaction !== 'number') {
    return fail('"transaction" must be a string or a number');
  }
  return {
    ok: true,
    command: {
      action: parsed,
      ...(code === undefined ? {} : { code: String(code) }),
      ...(transaction === undefined ? {} : { transaction }),
    },
  };
}
