/**
 * The organization as the Tedee docs have it: users, user groups, access-link update and assignable devices,
 * over real HTTP, and what they mean at the door.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 3, speed: 20 });
const HOUR = 3_600_000;

beforeEach(async () => {
  await env.control.reset();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${env.url}/api/v37${path}`, {
    method,
    headers: { Authorization: `PersonalKey ${env.key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const envelope = (text ? JSON.parse(text) : {}) as { result: unknown; errorMessages?: string[] };
  return { status: response.status, result: envelope.result, error: envelope.errorMessages?.[0] };
}

async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
  const reply = await call(method, path, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${reply.error}`);
  return reply.result as T;
}

interface OrgUser {
  organizationUserId: number;
  email: string;
  displayName: string;
  role: number;
  isPending: boolean;
}

describe('organization users', () => {
  it('invites users, lists them with the pending filter, reads one and removes one', async () => {
    const { organizationUserId: alice } = await ok<{ organizationUserId: number }>(
      'POST',
      '/organization/1/user',
      {
        name: 'Alice',
        email: 'alice@example.com',
        role: 2,
      },
    );
    await ok('POST', '/organization/1/user', { name: 'Dora', email: 'dora@example.com' });
    const active = await ok<{ items: OrgUser[]; totalCount: number }>('GET', '/organization/1/user');
    expect(active.items.map((user) => user.email)).toEqual(['owner@example.com', 'alice@example.com']);
    const all = await ok<{ items: OrgUser[] }>(
      'GET',
      '/organization/1/user?Filters.IncludePendingUsers=true',
    );
    expect(all.items.find((user) => user.email === 'dora@example.com')).toMatchObject({
      isPending: true,
      role: 2,
    });
    const filtered = await ok<{ items: OrgUser[] }>('GET', '/organization/1/user?Filters.Text=ali');
    expect(filtered.items.map((user) => user.organizationUserId)).toEqual([alice]);
    expect(await ok<OrgUser>('GET', `/organization/1/user/${alice}`)).toMatchObject({ displayName: 'Alice' });
    await ok('DELETE', `/organization/1/user/byorganizationuserid/${alice}`);
    expect((await call('GET', `/organization/1/user/${alice}`)).status).toBe(404);
  });

  it('refuses a duplicate, a bad role and a bad email, naming the field', async () => {
    expect(
      (await call('POST', '/organization/1/user', { name: 'O', email: 'owner@example.com' })).error,
    ).toMatch(/already a user/);
    expect(
      (await call('POST', '/organization/1/user', { name: 'X', email: 'x@example.com', role: 0 })).error,
    ).toMatch(/role must be 1/);
    expect((await call('POST', '/organization/1/user', { name: 'X', email: 'nope' })).error).toMatch(/email/);
  });
});

describe('user groups', () => {
  it('creates a group, adds members (skipping repeats) and lists them', async () => {
    const { organizationUserId } = await ok<{ organizationUserId: number }>('POST', '/organization/1/user', {
      name: 'Bob',
      email: 'bob@example.com',
    });
    const { id } = await ok<{ id: string }>('POST', '/organization/1/user-groups', { name: 'Housekeeping' });
    const added = await call('POST', `/organization/1/user-groups/${id}/members`, {
      organizationUserIds: [organizationUserId, organizationUserId],
    });
    expect(added.status).toBe(204);
    const members = await ok<{ items: unknown[]; totalCount: number }>(
      'GET',
      `/organization/1/user-groups/${id}/members`,
    );
    expect(members).toEqual({
      items: [{ displayName: 'Bob', email: 'bob@example.com', organizationUserId }],
      totalCount: 1,
    });
    const groups = await ok<{ items: { name: string; membersCount: number }[] }>(
      'GET',
      '/organization/1/user-groups?filters.text=house',
    );
    expect(groups.items).toMatchObject([{ name: 'Housekeeping', membersCount: 1 }]);
    const outsider = await call('POST', `/organization/1/user-groups/${id}/members`, {
      organizationUserIds: [999],
    });
    expect(outsider.error).toMatch(/organizationUserIds: 999/);
  });

  it('lets a member operate a lock through the group access, within its window', async () => {
    const { organizationUserId } = await ok<{ organizationUserId: number }>('POST', '/organization/1/user', {
      name: 'Carol',
      email: 'carol@example.com',
    });
    const { id } = await ok<{ id: string }>('POST', '/organization/1/user-groups', { name: 'Night staff' });
    const now = (await env.control.time()).now;
    await ok('POST', '/my/device/101/access', {
      principalType: 1,
      principalId: id,
      accessLevel: 0,
      endDate: new Date(now + 2 * HOUR).toISOString(),
    });
    await env.control.setTime({ advanceMs: 1000 });
    expect((await env.control.operate('carol@example.com', 101, 'unlock')).reason).toBe('NO_ACCESS');
    await ok('POST', `/organization/1/user-groups/${id}/members`, {
      organizationUserIds: [organizationUserId],
    });
    expect(await env.control.operate('carol@example.com', 101, 'unlock')).toMatchObject({ opened: true });
    await env.control.setTime({ advanceMs: 3 * HOUR });
    expect((await env.control.operate('carol@example.com', 101, 'lock')).reason).toBe('EXPIRED');
  });
});

describe('access links: update and assignable devices', () => {
  it('lists the organization devices a link can take, with the filters', async () => {
    const all = await ok<{ accessLinkDevices: { deviceId: number; softwareVersions: unknown[] }[] }>(
      'GET',
      '/organization/1/accesslink/device/assignable',
    );
    expect(all.accessLinkDevices.map((device) => device.deviceId)).toEqual([101, 102, 103]);
    expect(all.accessLinkDevices[0]!.softwareVersions).toHaveLength(1);
    const one = await ok<{ accessLinkDevices: { deviceId: number }[] }>(
      'GET',
      '/organization/1/accesslink/device/assignable?filters.DeviceId=102',
    );
    expect(one.accessLinkDevices.map((device) => device.deviceId)).toEqual([102]);
  });

  it('updates name, devices and schedule; the door follows the new schedule', async () => {
    const now = (await env.control.time()).now;
    const link = await ok<{ id: string; url: string }>('POST', '/organization/1/accesslink', {
      name: 'Stay',
      deviceIds: [101],
      repeatEvent: {
        startDate: new Date(now - HOUR).toISOString(),
        endDate: new Date(now + HOUR).toISOString(),
      },
    });
    const open = async (deviceId: number) =>
      (await (
        await fetch(`${link.url}/open`, { method: 'POST', body: JSON.stringify({ deviceId }) })
      ).json()) as { opened: boolean; reason: string };
    expect((await open(102)).reason).toBe('NOT_ON_LINK');
    const patched = await call('PATCH', `/organization/1/accesslink/${link.id}`, {
      name: 'Stay, extended',
      devicesIds: [101, 102],
      repeatEvent: {
        startDate: new Date(now - HOUR).toISOString(),
        endDate: new Date(now + 5 * HOUR).toISOString(),
      },
    });
    expect(patched.status).toBe(200);
    const details = await ok<{ accessLink: { name: string; devices: { id: number }[] } }>(
      'GET',
      `/organization/1/accesslink/${link.id}`,
    );
    expect(details.accessLink.name).toBe('Stay, extended');
    expect(details.accessLink.devices.map((device) => device.id)).toEqual([101, 102]);
    await env.control.setTime({ advanceMs: 3 * HOUR });
    expect(await open(102)).toMatchObject({ opened: true });
    await env.control.setTime({ advanceMs: 3 * HOUR });
    expect((await open(101)).reason).toBe('EXPIRED');
  });

  it('refuses bad updates with the field named', async () => {
    const link = await ok<{ id: string }>('POST', '/organization/1/accesslink', {
      name: 'L',
      deviceIds: [101],
    });
    const path = `/organization/1/accesslink/${link.id}`;
    expect((await call('PATCH', path, { deviceIds: [101, 101] })).error).toMatch(/deviceIds must not name/);
    expect((await call('PATCH', path, { deviceIds: [] })).error).toMatch(/deviceIds must be a non-empty/);
    expect((await call('PATCH', path, { description: 'x'.repeat(73) })).error).toMatch(/at most 72/);
    expect((await call('PATCH', path, { repeatEvent: { weekDays: 500 } })).error).toMatch(
      /repeatEvent.weekDays/,
    );
    expect((await call('PATCH', '/organization/1/accesslink/nope', { name: 'x' })).status).toBe(404);
  });
});
