/**
 * Ways into a door on the emulator, for the activity feed's tests: a keypad PIN, app access, an access link,
 * the lock's button and its auto-lock. Each goes through the emulator's API or control API, as people would.
 */
import type { EmulatorFixture } from './emulator.js';

export async function cloudApi<T>(
  env: EmulatorFixture,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${env.url}/api/v37${path}`, {
    method,
    headers: { Authorization: `PersonalKey ${env.key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const envelope = (text ? JSON.parse(text) : {}) as { result: T; errorMessages?: string[] };
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${envelope.errorMessages?.join()}`);
  return envelope.result;
}

/** A PIN, access or settings write reaches the lock after the device latency: a jump of the clock delivers it. */
export async function settle(env: EmulatorFixture): Promise<void> {
  await env.control.setTime({ advanceMs: 1000 });
}

/** Puts a PIN named `alias` on the lock and types it on the keypad. */
export async function enterWithPin(env: EmulatorFixture, lockId: number, alias: string, pin: string) {
  await cloudApi(env, 'POST', `/my/lock/${lockId}/pin`, { alias, pin });
  await settle(env);
  await env.control.physical(lockId, 'lock');
  return env.control.keypad(lockId, pin);
}

/** Shares the lock with `email` (a user of the emulated world) and unlocks it from the Tedee app. */
export async function enterWithApp(env: EmulatorFixture, lockId: number, email: string) {
  await cloudApi(env, 'POST', `/my/device/${lockId}/access`, {
    principalType: 0,
    accessLevel: 0,
    userEmail: email,
  });
  await settle(env);
  await env.control.physical(lockId, 'lock');
  return env.control.operate(email, lockId, 'unlock');
}

/** Creates an access link named `name` for the lock and opens the door with it. */
export async function enterWithLink(env: EmulatorFixture, lockId: number, name: string) {
  const link = await cloudApi<{ url: string }>(env, 'POST', '/organization/1/accesslink', {
    name,
    deviceIds: [lockId],
  });
  await env.control.physical(lockId, 'lock');
  const response = await fetch(`${link.url}/open`, { method: 'POST' });
  return (await response.json()) as { opened: boolean };
}

/** Turns auto-lock on (after `delaySeconds`), unlocks by hand and jumps past the delay: the lock locks itself. */
export async function autoLock(env: EmulatorFixture, lockId: number, delaySeconds = 30): Promise<void> {
  const { revision } = await cloudApi<{ revision: number }>(env, 'GET', `/my/lock/${lockId}`);
  await cloudApi(env, 'PATCH', '/my/lock', {
    id: lockId,
    revision,
    deviceSettings: { autoLockEnabled: true, autoLockDelay: delaySeconds },
  });
  await settle(env);
  await env.control.physical(lockId, 'unlock');
  await env.control.setTime({ advanceMs: (delaySeconds + 5) * 1000 });
}

/** Requests the emulator served on GET /my/deviceactivity since `since` (emulated ms). */
export function activityReads(env: EmulatorFixture, since = 0): number {
  return env.emulator.stats.requests(since).filter((entry) => entry.route.includes('deviceactivity')).length;
}
