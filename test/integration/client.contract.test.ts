/**
 * Contract tests: the client against the emulator over real HTTP, one endpoint at a time, with the
 * answers checked against the official docs' samples.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TedeeClient } from '../../src/client/index.js';
import { createTedeeClient } from '../../src/client/index.js';
import { unwrapEnvelope } from '../../src/client/envelope.js';
import { allDocSamples, expectSameShape, sampleResult } from '../helpers/fixtures.js';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 4, speed: 20 });
let client: TedeeClient;

beforeEach(async () => {
  await env.control.reset();
  client = createTedeeClient({ personalAccessKey: env.key, apiUrl: env.url, clock: env.emulator.clock });
});

describe('the client parses every response sample of the docs', () => {
  const pages = Object.entries(allDocSamples());
  it.each(pages.map(([page, entry]) => [page, entry] as const))('%s', (_page, entry) => {
    for (const sample of entry.samples.filter((candidate) => candidate.kind === 'response')) {
      const body = sample.body as { result?: unknown; errorMessages?: string[] };
      const unwrapped = unwrapEnvelope(sample.body);
      // An envelope, or the single-lock sample's `{result}` alone; the access create and copy-to samples
      // are bare (those endpoints declare bareAnswer).
      if ('statusCode' in (body as object) || 'result' in (body as object)) {
        expect(unwrapped.result).toEqual(body.result);
        expect(unwrapped.messages).toEqual(body.errorMessages ?? []);
        expect(unwrapped.bare).toBe(false);
      } else {
        expect(unwrapped.result).toEqual(sample.body);
      }
    }
  });
});

describe('locks', () => {
  it('lists locks page by page and in one call', async () => {
    const firstPage = await client.listLocks({ page: 1, itemsPerPage: 3 });
    const secondPage = await client.listLocks({ page: 2, itemsPerPage: 3 });
    expect(firstPage.map((lock) => lock.id)).toEqual([101, 102, 103]);
    expect(secondPage.map((lock) => lock.id)).toEqual([104]);
    expect((await client.listAllLocks()).map((lock) => lock.id)).toEqual([101, 102, 103, 104]);
  });

  it('filters the list by text and state', async () => {
    expect((await client.listLocks({ text: 'garage' })).map((lock) => lock.name)).toEqual(['Garage']);
    await env.control.patchLock(102, { state: 2 });
    expect((await client.listLocks({ states: [2] })).map((lock) => lock.id)).toEqual([102]);
  });

  it('returns one lock with the documented fields', async () => {
    const lock = await client.getLock(101, { includeUserSettings: true });
    for (const field of [
      'id',
      'serialNumber',
      'name',
      'type',
      'revision',
      'isConnected',
      'connectedToId',
      'accessLevel',
      'deviceSettings',
      'userSettings',
      'softwareVersions',
      'accessories',
    ]) {
      expect(lock).toHaveProperty(field);
    }
    expectSameShape(
      lock.deviceState,
      (sampleResult('lock/sync-single.rst') as { deviceState: unknown }).deviceState,
    );
    expectSameShape(lock.deviceSettings, {
      pullSpringEnabled: true,
      pullSpringDuration: 10,
      autoPullSpringEnabled: false,
      autoLockEnabled: true,
    });
  });

  it('syncs all locks, some locks and one lock with the shape of the samples', async () => {
    const all = await client.syncLocks();
    expect(all).toHaveLength(4);
    expectSameShape(all, sampleResult('lock/sync.rst'));
    expect((await client.syncLocks([101, 103])).map((item) => item.id)).toEqual([101, 103]);
    expectSameShape(await client.syncLock(102), sampleResult('lock/sync-single.rst'));
  });

  it('shows a disconnected lock as isConnected false with deviceState null, like the docs', async () => {
    await env.control.patchLock(103, { connected: false });
    const sync = await client.syncLock(103);
    expect(sync).toEqual({
      id: 103,
      isConnected: false,
      deviceState: null,
      revision: expect.any(Number) as number,
    });
    expectSameShape(sync, sampleResult('lock/sync-single.rst', 1));
  });

  it('patches a lock with its revision and refuses a stale revision', async () => {
    const before = await client.getLock(101);
    const result = await client.updateLock({
      id: 101,
      revision: before.revision,
      name: 'Main entrance',
      deviceSettings: { autoLockDelay: 15 },
    });
    expectSameShape(result, sampleResult('lock/update.rst'));
    expect(result.revision).toBe(before.revision + 1);
    expect(result.targetDeviceRevision).toBe((before.targetDeviceRevision ?? 0) + 1);
    expect((await client.getLock(101)).name).toBe('Main entrance');
    await expect(
      client.updateLock({ id: 101, revision: before.revision, name: 'Again' }),
    ).rejects.toMatchObject({ code: 'REVISION_CONFLICT', status: 409 });
  });

  it('lists device details and bridges', async () => {
    const details = await client.getDeviceDetails();
    expect(details.locks).toHaveLength(4);
    expect(details.bridges.map((bridge) => bridge.id)).toEqual([1]);
    expect(details.keypads.length).toBeGreaterThan(0);
    expect(await client.listBridges()).toEqual([
      expect.objectContaining({ id: 1, serialNumber: expect.any(String) as string, name: 'Bridge 1' }),
    ]);
  });
});

describe('operations', () => {
  it('locks, unlocks and pulls, each ending COMPLETED as in the samples', async () => {
    await env.control.patchLock(101, { state: 6 });
    const unlock = await client.unlock(101, 3);
    expectSameShape(unlock, sampleResult('lock/unlock.rst'));
    expect(unlock.operationId).toMatch(/^\d+$/);
    const done = await waitFor(async () => {
      const status = await client.getOperation(unlock.operationId);
      return status.status === 'COMPLETED' && status;
    });
    expectSameShape(done, sampleResult('device/get-device-operation.rst'));
    expect(done).toMatchObject({ deviceId: 101, result: 0, type: 1 });
    expect((await client.syncLock(101)).deviceState?.state).toBe(2);

    const pull = await client.pull(101);
    expectSameShape(pull, sampleResult('lock/pull-spring.rst'));
    await waitFor(async () => (await client.getOperation(pull.operationId)).status === 'COMPLETED');
    expect([7, 2]).toContain((await client.syncLock(101)).deviceState?.state);

    await waitFor(async () => (await client.syncLock(101)).deviceState?.state === 2);
    const lock = await client.lock(101);
    expectSameShape(lock, sampleResult('lock/lock.rst'));
    await waitFor(async () => (await client.getOperation(lock.operationId)).status === 'COMPLETED');
    expect((await client.syncLock(101)).deviceState?.state).toBe(6);
  });

  it('answers 404 for an unknown operation', async () => {
    await expect(client.getOperation('1')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});

describe('device access', () => {
  it('creates, lists, updates, copies and deletes access', async () => {
    const created = await client.createAccess(101, {
      accessLevel: 0,
      principalType: 0,
      userEmail: 'alice@example.com',
      remoteAccessDisabled: false,
      startDate: '2026-12-01T00:00:00.000Z',
      endDate: '2026-12-31T23:59:59.000Z',
      dayStartTime: '08:00:00.000Z',
      dayEndTime: '18:00:00.000Z',
      weekDays: 31,
    });
    expectSameShape(created, sampleResult('deviceaccess/create.rst'));
    expect(created).toMatchObject({ success: true, error: null, displayName: 'Alice' });

    const list = await client.listAccess(101);
    expectSameShape(list, sampleResult('deviceaccess/get-all.rst'));
    expect(list.find((access) => access.id === created.id)).toMatchObject({ isPending: false, weekDays: 31 });
    expect(await client.listAccess(101, { text: 'alice' })).toHaveLength(1);

    await client.updateAccess(101, created.id, { accessLevel: 1, weekDays: 96, remoteAccessDisabled: true });
    expect((await client.listAccess(101, { principalId: created.principalId! }))[0]).toMatchObject({
      accessLevel: 1,
      weekDays: 96,
    });

    const copied = await client.copyAccess(101, created.id, [
      { principalType: 0, userEmail: 'newcomer@example.com' },
      { principalType: 0, userEmail: 'alice@example.com' },
    ]);
    expectSameShape(copied, sampleResult('deviceaccess/copy-to.rst'));
    expect(copied.principals.map((principal) => principal.success)).toEqual([true, false]);
    expect(copied.principals[1]!.error?.code).toBe(1003);

    await client.deleteAccess(101, created.id);
    expect((await client.listAccess(101)).some((access) => access.id === created.id)).toBe(false);
  });

  it('marks an invitation for an unknown email pending until the person signs up', async () => {
    const created = await client.createAccess(102, {
      accessLevel: 0,
      principalType: 0,
      userEmail: 'guest@example.org',
    });
    expect((await client.listAccess(102)).find((access) => access.id === created.id)?.isPending).toBe(true);
    await env.control.addUser('guest@example.org', 'Guest');
    expect((await client.listAccess(102)).find((access) => access.id === created.id)).toMatchObject({
      isPending: false,
      principalName: 'Guest',
    });
  });

  it.each([
    [{ accessLevel: 2, principalType: 0, userEmail: 'bob@example.com' }, 1001],
    [{ accessLevel: 0, principalType: 0, userEmail: 'owner@example.com' }, 1008],
    [{ accessLevel: 0, principalType: 1, principalId: 'no-such-group' }, 1006],
    [
      {
        accessLevel: 0,
        principalType: 0,
        userEmail: 'bob@example.com',
        startDate: '2026-12-02T00:00:00Z',
        endDate: '2026-12-01T00:00:00Z',
      },
      1000,
    ],
  ])('refuses %j with validation code %i', async (body, code) => {
    await expect(client.createAccess(101, body)).rejects.toMatchObject({
      code: 'ACCESS_REJECTED',
      validationCode: code,
    });
  });

  it('refuses a second invitation and a second access for the same person', async () => {
    await client.createAccess(101, { accessLevel: 0, principalType: 0, userEmail: 'pending@example.org' });
    await expect(
      client.createAccess(101, { accessLevel: 0, principalType: 0, userEmail: 'pending@example.org' }),
    ).rejects.toMatchObject({ validationCode: 1004 });
    await client.createAccess(101, { accessLevel: 0, principalType: 0, userEmail: 'carol@example.com' });
    await expect(
      client.createAccess(101, { accessLevel: 0, principalType: 0, userEmail: 'carol@example.com' }),
    ).rejects.toMatchObject({ validationCode: 1003 });
  });
});

describe('PINs', () => {
  it('creates, lists with listVersion, reads, updates and deletes PINs', async () => {
    const first = await client.listPins(101);
    expect(first.notModified).toBe(false);
    if (first.notModified) throw new Error('unreachable');
    const created = await client.createPin(101, {
      alias: 'Cleaner',
      pin: '918273',
      weekDays: 1,
      dayStartTime: '2026-10-01T10:00:00.000Z',
      dayEndTime: '2026-10-01T18:00:00.000Z',
    });
    expectSameShape(created, sampleResult('lockpin/create.rst'));
    const second = await client.listPins(101, first.listVersion);
    expect(second).toMatchObject({
      notModified: false,
      listVersion: first.listVersion + 1,
      pins: [{ id: created.id, alias: 'Cleaner' }],
    });
    if (second.notModified) throw new Error('unreachable');
    expectSameShape(second, sampleResult('lockpin/get-all.rst'));
    expect(await client.listPins(101, second.listVersion)).toEqual({
      notModified: true,
      listVersion: second.listVersion,
    });

    const pin = await client.getPin(101, created.id);
    expectSameShape(pin, sampleResult('lockpin/get-single.rst'));
    expect(pin.pin).toBe('918273');

    await client.updatePin(101, created.id, { alias: 'Cleaner (new)', pin: '827364' });
    expect(await client.getPin(101, created.id)).toMatchObject({
      alias: 'Cleaner (new)',
      pin: '827364',
      weekDays: null,
    });
    await client.deletePin(101, created.id);
    await expect(client.getPin(101, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('activity', () => {
  it('lists events newest first and pages with lastElemDate', async () => {
    await env.control.patchLock(101, { state: 2 });
    for (let i = 0; i < 3; i++) {
      await env.control.physical(101, 'lock');
      await new Promise((resolve) => setTimeout(resolve, 5));
      await env.control.physical(101, 'unlock');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const page = await client.listActivity({ deviceId: 101, elements: 4 });
    expect(page).toHaveLength(4);
    expectSameShape(page, sampleResult('deviceactivity/get-all.rst'));
    expect(page.map((event) => event.event)).toEqual([39, 38, 39, 38]);
    expect(page[0]).toMatchObject({ userName: null, username: null, source: 0 });
    const older = await client.listActivity({ deviceId: 101, elements: 4, lastElemDate: page[3]!.date });
    expect(older).toHaveLength(2);
    expect(Date.parse(older[0]!.date)).toBeLessThan(Date.parse(page[3]!.date));
    const since = await client.listActivitySince(101, '2000-01-01T00:00:00Z', 4);
    expect(since).toHaveLength(6);
  });
});

describe('personal access keys', () => {
  it('creates a key shown once, lists it by prefix, updates it and deletes it', async () => {
    const created = await client.createPersonalAccessKey({
      name: 'Second',
      validTo: '2027-06-01T00:00:00.000Z',
      scopes: ['Device.Read'],
    });
    expectSameShape(created, sampleResult('personalaccesskey/create.rst'));
    const prefix = created.key.split('.')[0]!;
    const listed = await client.listPersonalAccessKeys();
    expectSameShape(listed, sampleResult('personalaccesskey/get-all.rst'));
    const entry = listed.find((key) => key.id === created.id)!;
    expect(entry).toMatchObject({ prefix, name: 'Second', scopes: ['Device.Read'] });
    expect(JSON.stringify(listed)).not.toContain(created.key.split('.')[1]);

    await client.updatePersonalAccessKey(created.id, {
      name: 'Second',
      validTo: '2027-06-01T00:00:00.000Z',
      scopes: ['Device.Read', 'Lock.Operate'],
    });
    expect((await client.listPersonalAccessKeys()).find((key) => key.id === created.id)?.scopes).toEqual([
      'Device.Read',
      'Lock.Operate',
    ]);

    const second = createTedeeClient({ personalAccessKey: created.key, apiUrl: env.url });
    expect(await second.syncLocks()).toHaveLength(4);
    await client.deletePersonalAccessKey(created.id);
    await expect(second.syncLocks()).rejects.toMatchObject({ code: 'AUTH_INVALID', status: 401 });
  });
});

describe('organizations and access links', () => {
  it('lists organizations and creates, reads and deletes an access link', async () => {
    const organizations = await client.listOrganizations();
    expectSameShape({ organizations }, sampleResult('organization/get-all.rst'));
    const orgId = organizations[0]!.id;
    const created = await client.createAccessLink(orgId, {
      name: 'Guests of flat 2',
      description: 'Building entrance',
      deviceIds: [101, 102],
      repeatEvent: { startDate: '2026-12-01T00:00:00.000Z', endDate: '2026-12-08T00:00:00.000Z' },
    });
    expectSameShape(created, sampleResult('organizationaccesslink/create.rst'));
    const details = await client.getAccessLink(orgId, created.id);
    expectSameShape(details, sampleResult('organizationaccesslink/get.rst'));
    expect(details.accessLink.devices.map((device) => device.id)).toEqual([101, 102]);
    expect(await client.getAccessLinkUrl(orgId, created.id)).toBe(created.url);
    expectSameShape(
      { items: await client.listAccessLinks(orgId), page: 1, itemsPerPage: 1 },
      sampleResult('organizationaccesslink/get-organization-links.rst'),
    );
    await client.deleteAccessLink(orgId, created.id);
    await expect(client.getAccessLink(orgId, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
