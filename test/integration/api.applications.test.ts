/**
 * Applications and access keys over the HTTP API: owner only, validation naming the field, the key shown once,
 * the two-key limit, deactivation, deletion one by one and in bulk, cascade on application delete.
 */
import { NAME_PATTERN } from '../../src/core/apps/validate.js';
import { describe, expect, it } from 'vitest';
import type { AccessKeyInfo, Application } from '../../src/core/apps/api.js';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';

const env = useEmulator({ locks: 1 });

describe('applications', () => {
  it('an owner manages applications and their keys; the secret is shown once', async () => {
    const fx = await startApi(env);
    const owner = fx.client(fx.keyFor('owner'));
    const added = await owner('POST', '/api/v1/applications', {
      body: { name: 'booking', description: 'PMS', group: 'team', locks: ['1'] },
    });
    expect(added.status).toBe(201);
    const app = added.body as unknown as Application;
    expect((await owner('GET', `/api/v1/applications/${app.id}`)).body.name).toBe('booking');
    expect((await owner('GET', '/api/v1/applications/booking')).body.id).toBe(app.id);
    const changed = await owner('PATCH', `/api/v1/applications/${app.id}`, {
      body: { group: 'housekeeping' },
    });
    expect(changed.body.group).toBe('housekeeping');
    const listed = (await owner('GET', '/api/v1/applications')).body.applications as Application[];
    expect(listed.map((entry) => entry.name)).toContain('booking');

    const first = await owner('POST', `/api/v1/applications/${app.id}/access-keys`, {
      body: { name: 'one' },
    });
    expect(first.status).toBe(201);
    const secret = first.body.key as string;
    expect((await fx.client(secret)('GET', '/api/v1/locks')).status).toBe(200);
    const keys = (await owner('GET', `/api/v1/applications/${app.id}/access-keys`)).body
      .accessKeys as AccessKeyInfo[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty('key');
    expect(JSON.stringify(keys)).not.toContain(secret);
    expect(secret.startsWith(`tdk_${keys[0]!.prefix}`)).toBe(true);

    await owner('POST', `/api/v1/applications/${app.id}/access-keys`, { body: { name: 'two' } });
    const third = await owner('POST', `/api/v1/applications/${app.id}/access-keys`, {
      body: { name: 'three' },
    });
    expect(third.status).toBe(409);
    expect(third.body.error?.code).toBe('ACCESS_KEY_LIMIT');

    const one = await owner('DELETE', `/api/v1/applications/${app.id}/access-keys/${String(first.body.id)}`);
    expect(one.status).toBe(204);
    expect((await fx.client(secret)('GET', '/api/v1/locks')).body.error?.code).toBe('AUTH_UNKNOWN');
    const again = await owner(
      'DELETE',
      `/api/v1/applications/${app.id}/access-keys/${String(first.body.id)}`,
    );
    expect(again.body.error?.code).toBe('ACCESS_KEY_NOT_FOUND');
    const bulk = await owner('DELETE', `/api/v1/applications/${app.id}/access-keys`);
    expect(bulk.body).toEqual({ removed: 1 });

    const last = await owner('POST', `/api/v1/applications/${app.id}/access-keys`, {
      body: { name: 'again' },
    });
    const removed = await owner('DELETE', `/api/v1/applications/${app.id}`);
    expect(removed.body).toEqual({ removedKeys: 1 });
    expect((await fx.client(last.body.key as string)('GET', '/api/v1/locks')).body.error?.code).toBe(
      'AUTH_UNKNOWN',
    );
    expect((await owner('GET', `/api/v1/applications/${app.id}`)).body.error?.code).toBe('APP_NOT_FOUND');
  });

  it('takes lock ids as numbers, as key requests name doors, and limits the application to them', async () => {
    const fx = await startApi(env);
    const owner = fx.client(fx.keyFor('owner'));
    const [lock] = await env.control.locks();
    const added = await owner('POST', '/api/v1/applications', {
      body: { name: 'numeric-locks', group: 'team', locks: [lock!.id] },
    });
    expect(added.status).toBe(201);
    expect(added.body.locks).toEqual([String(lock!.id)]);
    const key = await owner('POST', `/api/v1/applications/${added.body.id as string}/access-keys`, {
      body: { name: 'one' },
    });
    const seen = (await fx.client(key.body.key as string)('GET', '/api/v1/locks')).body.locks as {
      id: number;
    }[];
    expect(seen.map((entry) => entry.id)).toEqual([lock!.id]);
  });

  it('validation errors name the field', async () => {
    const fx = await startApi(env);
    const owner = fx.client(fx.keyFor('owner'));
    const group = await owner('POST', '/api/v1/applications', { body: { name: 'x', group: 'admins' } });
    expect(group.status).toBe(400);
    expect(group.body.error).toMatchObject({ code: 'APP_INVALID', field: 'group' });
    expect(group.body.error?.message).toContain(
      'must be one of owner, general-manager, team, installer, housekeeping, viewer',
    );
    const name = await owner('POST', '/api/v1/applications', { body: { group: 'team' } });
    expect(name.body.error).toMatchObject({ code: 'APP_INVALID', field: 'name' });
    // The published schema and the store agree on names: what the schema lets through, the store takes.
    const long = await owner('POST', '/api/v1/applications', {
      body: { name: 'a'.repeat(65), group: 'team' },
    });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'APP_INVALID', field: 'name' });
    expect(long.body.error?.message).toContain('1 to 64 letters, digits');
    const longest = await owner('POST', '/api/v1/applications', {
      body: { name: 'a'.repeat(64), group: 'team' },
    });
    expect(longest.status).toBe(201);
    const openapi = await owner('GET', '/api/v1/openapi.json');
    const published = JSON.stringify(openapi.body);
    expect(published).toContain(JSON.stringify(NAME_PATTERN.source));
    const empty = await owner('PATCH', '/api/v1/applications/x', { body: {} });
    expect(empty.body.error).toMatchObject({ code: 'APP_INVALID' });
    const moved = await owner('PATCH', '/api/v1/applications/x/access-keys/y', {
      body: { applicationId: 'other' },
    });
    expect(moved.body.error).toMatchObject({ code: 'APP_INVALID', field: 'applicationId' });
  });

  it('only an owner key creates access keys', async () => {
    const fx = await startApi(env);
    const owner = fx.client(fx.keyFor('owner'));
    const app = (await owner('POST', '/api/v1/applications', { body: { name: 'scripts', group: 'viewer' } }))
      .body;
    for (const group of ['general-manager', 'team', 'installer', 'housekeeping', 'viewer'] as const) {
      const answer = await fx.client(fx.keyFor(group))(
        'POST',
        `/api/v1/applications/${String(app.id)}/access-keys`,
        {
          body: { name: `by-${group}` },
        },
      );
      expect(answer.status).toBe(403);
      expect(answer.body.error?.message).toContain('applications.manage');
    }
    expect(fx.apps.listAccessKeys(String(app.id))).toEqual([]);
  });
});
