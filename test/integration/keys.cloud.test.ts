/**
 * The cloud layer of keys (account.pins, account.access, account.links, account.organization) against the
 * emulator over HTTP: each error code a key service acts on, whether it is transient, and that no doorcode
 * ever shows in an error.
 */
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CloudAccount } from '../../src/core/cloud/account.js';
import { createCloudAccounts, isTransient } from '../../src/core/cloud/account.js';
import { HubError } from '../../src/core/errors.js';
import { Capabilities } from '../../src/core/hub/capabilities.js';
import { systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 3, pinLimit: 2 });
let account: CloudAccount;
let keypadLock: number;
/** A second lock, which tests strip of its keypad or level. */
let otherLock: number;

function accountFor(key: string): CloudAccount {
  return createCloudAccounts([key], { apiUrl: env.url, clock: systemClock, requestBudgetPerHour: 600 })[0]!;
}

beforeEach(async () => {
  await env.control.reset();
  account = accountFor(env.key);
  const locks = await env.control.locks();
  keypadLock = locks.find((lock) => lock.keypadId !== null)!.id;
  otherLock = locks.find((lock) => lock.id !== keypadLock)!.id;
});

async function failure(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return error as HubError;
  }
  throw new Error('expected a HubError');
}

/** Every way an error may be shown or logged. */
function expectNoCode(error: HubError, code: string): void {
  for (const text of [String(error), error.stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(error)])
    expect(text).not.toContain(code);
}

const WINDOW = {
  startDate: '2027-01-11T14:00:00.000Z',
  endDate: '2027-01-14T10:00:00.000Z',
  dayStartTime: null,
  dayEndTime: null,
  weekDays: null,
};

describe('PINs', () => {
  it('create, get (the code), list with listVersion (304), update and delete', async () => {
    const id = await account.pins.create(keypadLock, { alias: 'Stay 4411', code: '482913', window: WINDOW });
    expect(typeof id).toBe('number');
    const stored = await account.pins.get(keypadLock, id);
    expect(stored).toMatchObject({ id, alias: 'Stay 4411', code: '482913', window: WINDOW });
    const list = await account.pins.list(keypadLock);
    expect(list.changed).toBe(true);
    if (!list.changed) return;
    expect(list.pins).toContainEqual({ id, alias: 'Stay 4411' });
    expect(await account.pins.list(keypadLock, list.listVersion)).toEqual({
      changed: false,
      listVersion: list.listVersion,
    });
    await account.pins.update(keypadLock, id, { alias: 'Stay 4411', code: '593024' });
    expect((await account.pins.get(keypadLock, id)).window.startDate).toBeNull();
    expect(await account.pins.remove(keypadLock, id)).toBe(true);
    expect(await account.pins.remove(keypadLock, id)).toBe(false);
  });

  it('PIN_INVALID (400), permanent, without the code in the error', async () => {
    const error = await failure(account.pins.create(keypadLock, { alias: 'x', code: '12345' }));
    expect(error).toMatchObject({ code: 'PIN_INVALID', status: 400 });
    expect(isTransient(error)).toBe(false);
    expectNoCode(error, '12345');
  });

  it('PIN_DUPLICATE (406) and PIN_LIMIT (412), permanent, without the code', async () => {
    await account.pins.create(keypadLock, { alias: 'a', code: '482913' });
    const duplicate = await failure(account.pins.create(keypadLock, { alias: 'b', code: '482913' }));
    expect(duplicate).toMatchObject({ code: 'PIN_DUPLICATE', status: 406 });
    expect(duplicate.message).toContain(`lock ${keypadLock}`);
    expectNoCode(duplicate, '482913');
    await account.pins.create(keypadLock, { alias: 'b', code: '593024' });
    const full = await failure(account.pins.create(keypadLock, { alias: 'c', code: '604135' }));
    expect(full).toMatchObject({ code: 'PIN_LIMIT', status: 412 });
    expectNoCode(full, '604135');
    expect([duplicate, full].map(isTransient)).toEqual([false, false]);
  });

  it('LOCK_OFFLINE (428) for a disconnected lock and for a lock without keypad, transient', async () => {
    await env.control.patchLock(keypadLock, { connected: false });
    const offline = await failure(account.pins.create(keypadLock, { alias: 'a', code: '482913' }));
    expect(offline).toMatchObject({ code: 'LOCK_OFFLINE', status: 428 });
    expect(isTransient(offline)).toBe(true);
    expectNoCode(offline, '482913');
    await env.control.patchLock(otherLock, { keypad: false });
    const noKeypad = await failure(account.pins.create(otherLock, { alias: 'a', code: '482913' }));
    expect(noKeypad.code).toBe('LOCK_OFFLINE');
  });

  it('DEVICE_TIMEOUT (408) and DEVICE_BUSY (409) from the lock, transient', async () => {
    await env.control.setDeviceTiming({ timeoutMs: 200 });
    await env.control.deviceAnswers(keypadLock, { answer: 'timeout' });
    const timeout = await failure(account.pins.create(keypadLock, { alias: 'a', code: '482913' }));
    expect(timeout).toMatchObject({ code: 'DEVICE_TIMEOUT', status: 408 });
    await env.control.deviceAnswers(keypadLock, { answer: 'busy' });
    const busy = await failure(account.pins.create(keypadLock, { alias: 'a', code: '482913' }));
    expect(busy).toMatchObject({ code: 'DEVICE_BUSY', status: 409 });
    expect([timeout, busy].map(isTransient)).toEqual([true, true]);
    for (const error of [timeout, busy]) expectNoCode(error, '482913');
  });

  it('SERVER_ERROR (5xx), transient; NOT_FOUND for an unknown PIN, permanent', async () => {
    await env.control.addFault({ method: 'POST', path: '/pin$', status: 503, count: 1 });
    const server = await failure(account.pins.create(keypadLock, { alias: 'a', code: '482913' }));
    expect(server).toMatchObject({ code: 'SERVER_ERROR', status: 503 });
    expect(isTransient(server)).toBe(true);
    const missing = await failure(account.pins.get(keypadLock, 999_999));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(isTransient(missing)).toBe(false);
  });

  it('SCOPE_MISSING (403) names Device.ReadWrite', async () => {
    const readOnly = await env.control.createKey({ scopes: ['Device.Read', 'Account.Read'] });
    const error = await failure(
      accountFor(readOnly.key).pins.create(keypadLock, { alias: 'a', code: '482913' }),
    );
    expect(error).toMatchObject({ code: 'SCOPE_MISSING', scope: 'Device.ReadWrite', status: 403 });
    expect(isTransient(error)).toBe(false);
    expectNoCode(error, '482913');
  });
});

describe('device access (app keys)', () => {
  it('grant (pending for a person without account), list, update, revoke', async () => {
    const granted = await account.access.grant(
      keypadLock,
      { email: 'ann@example.com' },
      { level: 'guest', remoteAccess: false, window: WINDOW },
    );
    expect(granted.pending).toBe(true);
    const [listed] = await account.access.list(keypadLock, 'ann@example.com');
    expect(listed).toMatchObject({ id: granted.id, pending: true, level: 'guest', remoteAccess: false });
    expect(listed!.window.startDate).toBe(WINDOW.startDate);
    await account.access.update(keypadLock, granted.id, { level: 'admin', remoteAccess: true });
    expect((await account.access.list(keypadLock, 'ann@example.com'))[0]).toMatchObject({ level: 'admin' });
    expect(await account.access.revoke(keypadLock, granted.id)).toBe(true);
    expect(await account.access.revoke(keypadLock, granted.id)).toBe(false);
  });

  it('ACCESS_REJECTED with the validation code and its meaning (1004, 1003, 1008), permanent', async () => {
    const write = { level: 'guest', remoteAccess: true } as const;
    await account.access.grant(keypadLock, { email: 'ann@example.com' }, write);
    const invited = await failure(account.access.grant(keypadLock, { email: 'ann@example.com' }, write));
    expect(invited).toMatchObject({ code: 'ACCESS_REJECTED', validationCode: 1004 });
    expect(invited.message).toContain('invited earlier');
    await env.control.addUser('bob@example.com', 'Bob');
    expect((await account.access.grant(keypadLock, { email: 'bob@example.com' }, write)).pending).toBe(false);
    const exists = await failure(account.access.grant(keypadLock, { email: 'bob@example.com' }, write));
    expect(exists).toMatchObject({ code: 'ACCESS_REJECTED', validationCode: 1003 });
    expect(exists.message).toContain('already has access');
    const owner = (await account.access.list(keypadLock)).find((item) => item.level === 'owner')!;
    const yourself = await failure(account.access.grant(keypadLock, { email: owner.email! }, write));
    expect(yourself).toMatchObject({ code: 'ACCESS_REJECTED', validationCode: 1008 });
    expect([invited, exists, yourself].map(isTransient)).toEqual([false, false, false]);
  });

  it('SCOPE_MISSING names DeviceShare.ReadWrite; 408 and 409 from the lock are transient', async () => {
    const readOnly = await env.control.createKey({ scopes: ['Device.ReadWrite', 'DeviceShare.Read'] });
    const write = { level: 'guest', remoteAccess: true } as const;
    const scope = await failure(
      accountFor(readOnly.key).access.grant(keypadLock, { email: 'a@example.com' }, write),
    );
    expect(scope).toMatchObject({ code: 'SCOPE_MISSING', scope: 'DeviceShare.ReadWrite' });
    // On a lock where the account is a guest Tedee answers 403 as well: canIssue refuses it before the call.
    await env.control.patchLock(otherLock, { accessLevel: 0 });
    const guest = await failure(account.access.grant(otherLock, { email: 'a@example.com' }, write));
    expect(guest.code).toBe('SCOPE_MISSING');
    await env.control.deviceAnswers(keypadLock, { answer: 'busy' });
    const busy = await failure(account.access.grant(keypadLock, { email: 'a@example.com' }, write));
    expect(busy.code).toBe('DEVICE_BUSY');
    expect(isTransient(busy)).toBe(true);
  });
});

describe('organization and access links (smart keys)', () => {
  it('finds the organization, creates, reads and deletes a link', async () => {
    const organizationId = await account.organization.organizationId();
    const link = await account.links.create(organizationId, {
      name: 'Stay 4411',
      description: 'Welcome',
      lockIds: [keypadLock],
      window: WINDOW,
    });
    expect(link.url).toMatch(/^http/);
    const stored = await account.links.get(organizationId, link.id);
    expect(stored).toMatchObject({ id: link.id, url: link.url, lockIds: [keypadLock], name: 'Stay 4411' });
    expect(stored.window.startDate).toBe(WINDOW.startDate);
    expect(await account.links.remove(organizationId, link.id)).toBe(true);
    expect(await account.links.remove(organizationId, link.id)).toBe(false);
    expect(await failure(account.links.get(organizationId, link.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('SCOPE_MISSING names AccessLink.ReadWrite; a too long description is refused before any call', async () => {
    const readOnly = await env.control.createKey({ scopes: ['Organization.Read', 'AccessLink.Read'] });
    const other = accountFor(readOnly.key);
    const organizationId = await other.organization.organizationId();
    const scope = await failure(other.links.create(organizationId, { name: 'x', lockIds: [keypadLock] }));
    expect(scope).toMatchObject({ code: 'SCOPE_MISSING', scope: 'AccessLink.ReadWrite' });
    const long = await failure(
      account.links.create(organizationId, { name: 'x', description: 'y'.repeat(73), lockIds: [keypadLock] }),
    );
    expect(long.message).toMatch(/^description: at most 72/);
  });
});

describe('what the key can issue (Capabilities.canIssue)', () => {
  it('checks the scope of each credential, the access level on the lock and the keypad', async () => {
    const limited = await env.control.createKey({
      scopes: ['Account.Read', 'Device.ReadWrite', 'DeviceShare.ReadWrite', 'AccessLink.Read'],
    });
    const other = accountFor(limited.key);
    const capabilities = new Capabilities();
    await capabilities.check(other, silentLogger);
    await env.control.patchLock(otherLock, { accessLevel: 0, keypad: false });
    const locks = (await other.locks.discover()).map((lock) => lock.info);
    const keypad = locks.find((lock) => lock.id === keypadLock)!;
    expect(capabilities.canIssue(keypad, 'doorcode')).toEqual({ ok: true });
    expect(capabilities.canIssue(keypad, 'appkey')).toEqual({ ok: true });
    const smart = capabilities.canIssue(keypad, 'smartkey');
    expect(smart.ok).toBe(false);
    if (!smart.ok)
      expect(smart.error).toMatchObject({ code: 'SCOPE_MISSING', scope: 'AccessLink.ReadWrite' });
    const guest = locks.find((lock) => lock.id === otherLock)!;
    expect(guest.role).toBe('guest');
    const refused = capabilities.canIssue(guest, 'appkey');
    expect(refused.ok || refused.error.code).toBe('ACCESS_LEVEL_TOO_LOW');
    await env.control.patchLock(otherLock, { accessLevel: 1 });
    const admin = (await other.locks.discover()).find((lock) => lock.info.id === otherLock)!.info;
    expect(capabilities.canIssue(admin, 'appkey')).toEqual({ ok: true });
    const noKeypad = capabilities.canIssue(admin, 'doorcode');
    expect(noKeypad.ok || noKeypad.error.code).toBe('NO_KEYPAD');
  });
});
