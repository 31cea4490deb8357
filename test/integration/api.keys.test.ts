/**
 * Keys and profiles over the HTTP API, against the emulator: issuing (201, 202 while a door waits), masking and
 * reveal, dry run, idempotency by requestId, validation errors naming the field, lock rights, update, replace
 * code, resend, revoke, reconcile.
 */
import { describe, expect, it } from 'vitest';
import type { IssuePlan, Key, Profile } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';
import { cloudState, pinsOn, stayRequest, useKeypadDoors } from '../helpers/keyService.js';
import { openSse } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2 });
const doors = useKeypadDoors(env);
const request = (extra: Record<string, unknown> = {}) => stayRequest(doors, extra);

describe('issuing', () => {
  it('201 with the key, doorcode masked; reveal only when asked, by a group with keys.reveal', async () => {
    const fx = await startApi(env);
    const team = fx.client(fx.keyFor('team'));
    const issued = await team('POST', '/api/v1/keys', { body: request() });
    expect(issued.status).toBe(201);
    const key = issued.body as unknown as Key;
    expect(key.status).toBe('active');
    expect(key.persons[0]!.doorcode).toMatch(/^••••\d\d$/);
    const code = pinsOn(env, doors[0]!)[0]!.pin;
    expect(issued.text).not.toContain(code);
    const housekeeping = fx.client(fx.keyFor('housekeeping'));
    const refused = await housekeeping('GET', `/api/v1/keys/${key.id}?reveal=true`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: 'RIGHT_MISSING',
      message: "This application's group (housekeeping) lacks the right keys.reveal.",
    });
    const owner = fx.client(fx.keyFor('owner'));
    const revealed = await owner('GET', `/api/v1/keys/${key.id}?reveal=true`);
    expect((revealed.body as unknown as Key).persons[0]!.doorcode).toBe(code);
    const listed = await owner('GET', '/api/v1/keys?reveal=true&status=active');
    expect((listed.body.keys as Key[]).map((k) => k.persons[0]!.doorcode)).toEqual([code]);
    expect((await owner('GET', '/api/v1/keys')).text).not.toContain(code);
  });

  it("a smart key's magic link is hidden like a code, in answers and events; revealed for keys.reveal", async () => {
    const fx = await startApi(env);
    const teamKey = fx.keyFor('team');
    const stream = await openSse(`${fx.url}/api/v1/events`, teamKey);
    const issued = await fx.client(teamKey)('POST', '/api/v1/keys', {
      body: request({ credentials: { smartkey: true } }),
    });
    expect(issued.status).toBe(201);
    const link = cloudState(env, doors).links[0]!.url;
    expect((issued.body as unknown as Key).persons[0]!.link).toBe('••••');
    await stream.next((event) => event.event === 'delivery');
    expect(JSON.stringify(stream.events)).not.toContain(link);
    stream.close();
    const housekeeping = fx.client(fx.keyFor('housekeeping'));
    expect((await housekeeping('GET', '/api/v1/keys')).text).not.toContain(link);
    const revealed = await fx.client(teamKey)('GET', `/api/v1/keys/${String(issued.body.id)}?reveal=true`);
    expect((revealed.body as unknown as Key).persons[0]!.link).toBe(link);
  });

  it('a dry run (query or field) writes nothing and shows the plan per door', async () => {
    const fx = await startApi(env);
    const team = fx.client(fx.keyFor('team'));
    for (const answer of [
      await team('POST', '/api/v1/keys?dryRun=true', { body: request() }),
      await team('POST', '/api/v1/keys', { body: request({ dryRun: true }) }),
    ]) {
      expect(answer.status).toBe(200);
      const plan = answer.body as unknown as IssuePlan;
      expect(plan.dryRun).toBe(true);
      expect(plan.doors.map((door) => door.lockId)).toEqual(doors);
    }
    expect(pinsOn(env, doors[0]!)).toEqual([]);
    expect(fx.service.list()).toEqual([]);
  });

  it('the same requestId twice makes one key', async () => {
    const fx = await startApi(env);
    const team = fx.client(fx.keyFor('team'));
    const first = await team('POST', '/api/v1/keys', { body: request({ requestId: 'booking-77' }) });
    const second = await team('POST', '/api/v1/keys', { body: request({ requestId: 'booking-77' }) });
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(fx.service.list()).toHaveLength(1);
    expect(pinsOn(env, doors[0]!)).toHaveLength(1);
  });

  it('202 while a door is offline (waiting), active once it is back', async () => {
    const fx = await startApi(env, { keyService: { service: { defaultDeadlineMs: 20_000 } } });
    await env.control.patchLock(doors[1]!, { connected: false });
    const team = fx.client(fx.keyFor('team'));
    const answer = await team('POST', '/api/v1/keys', { body: request() });
    expect(answer.status).toBe(202);
    expect(answer.body.status).toBe('pending');
    await env.control.patchLock(doors[1]!, { connected: true });
    await waitFor(
      async () => (await team('GET', `/api/v1/keys/${String(answer.body.id)}`)).body.status === 'active',
      15_000,
    );
  });

  it('validation errors name the field, with the key service code', async () => {
    const fx = await startApi(env);
    const team = fx.client(fx.keyFor('team'));
    const email = await team('POST', '/api/v1/keys', {
      body: request({ persons: [{ name: 'A', email: 'nope' }] }),
    });
    expect(email.status).toBe(400);
    expect(email.body.error).toMatchObject({ code: 'KEY_REQUEST_INVALID', field: 'persons[0].email' });
    expect(email.body.error?.message).toContain('persons[0].email: must be an email address');
    const unknown = await team('POST', '/api/v1/keys', { body: request({ colour: 'red' }) });
    expect(unknown.body.error).toMatchObject({ code: 'KEY_REQUEST_INVALID', field: 'colour' });
    const missing = await team('POST', '/api/v1/keys', { body: { name: 'x', doors } });
    expect(missing.body.error).toMatchObject({ field: 'persons' });
    // A rule after the schema (a real time zone) names its field too.
    const zone = await team('POST', '/api/v1/keys', { body: request({ timeZone: 'Mars/Base' }) });
    expect(zone.status).toBe(400);
    expect(zone.body.error).toMatchObject({ code: 'KEY_REQUEST_INVALID', field: 'timeZone' });
    const flag = await team('GET', '/api/v1/keys?status=lost');
    expect(flag.body.error).toMatchObject({ code: 'REQUEST_INVALID', field: 'status' });
    const empty = await team('POST', '/api/v1/keys', { raw: '' });
    expect(empty.body.error).toMatchObject({ code: 'KEY_REQUEST_INVALID', field: '(body)' });
    const json = await team('POST', '/api/v1/keys', { raw: '{"name":' });
    expect(json.status).toBe(400);
    expect(json.body.error?.code).toBe('BODY_INVALID');
  });

  it('an application limited to one lock cannot issue on, nor see keys of, another', async () => {
    const fx = await startApi(env);
    const limited = fx.client(fx.keyFor('team', [String(doors[0])]));
    const other = await limited('POST', '/api/v1/keys', { body: request() });
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ code: 'UNKNOWN_DOOR', field: 'doors' });
    expect(pinsOn(env, doors[1]!)).toEqual([]);
    const team = fx.client(fx.keyFor('team'));
    const both = await team('POST', '/api/v1/keys', { body: request() });
    const own = await limited('POST', '/api/v1/keys', { body: request({ doors: [doors[0]] }) });
    expect(own.status).toBe(201);
    expect(((await limited('GET', '/api/v1/keys')).body.keys as Key[]).map((key) => key.id)).toEqual([
      own.body.id,
    ]);
    expect((await limited('GET', `/api/v1/keys/${String(both.body.id)}`)).status).toBe(404);
    expect((await limited('POST', `/api/v1/keys/${String(both.body.id)}/revoke`)).status).toBe(404);
  });
});

describe('changing keys', () => {
  it('update, replace code, resend, revoke and DELETE, reconcile', async () => {
    const fx = await startApi(env);
    const team = fx.client(fx.keyFor('team'));
    const key = (await team('POST', '/api/v1/keys', { body: request({ doors: [doors[0]] }) }))
      .body as unknown as Key;
    const updated = await team('PATCH', `/api/v1/keys/${key.id}`, { body: { doors, name: 'Stay 4412' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Stay 4412', doors });
    expect(pinsOn(env, doors[1]!)).toHaveLength(1);
    const bad = await team('PATCH', `/api/v1/keys/${key.id}`, { body: { until: 'tomorrow' } });
    expect(bad.body.error).toMatchObject({ code: 'KEY_REQUEST_INVALID', field: 'until' });
    const zone = await team('PATCH', `/api/v1/keys/${key.id}`, { body: { timeZone: 'Mars/Base' } });
    expect(zone.status).toBe(400);
    expect(zone.body.error).toMatchObject({ code: 'KEY_REQUEST_INVALID', field: 'timeZone' });
    const before = pinsOn(env, doors[0]!)[0]!.pin;
    const replaced = await team('POST', `/api/v1/keys/${key.id}/replace-code`, {
      body: { person: 0, doorcode: { policy: 'strict', code: '749261' } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.text).not.toContain('749261');
    expect(pinsOn(env, doors[0]!).map((pin) => pin.pin)).toEqual(['749261']);
    expect(before).not.toBe('749261');
    const deliveries = fx.deliveries.length;
    expect(
      (await team('POST', `/api/v1/keys/${key.id}/resend`, { body: { person: 'Ann Smith' } })).status,
    ).toBe(200);
    await waitFor(() => fx.deliveries.length > deliveries);
    const drift = await team('POST', '/api/v1/keys/reconcile', { body: {} });
    expect(drift.body).toEqual({ drift: [] });
    const revoked = await team('DELETE', `/api/v1/keys/${key.id}`);
    expect(revoked.body.status).toBe('revoked');
    expect(pinsOn(env, doors[0]!)).toEqual([]);
    const gone = await team('GET', '/api/v1/keys/no-such-key');
    expect(gone.status).toBe(404);
    expect(gone.body.error?.code).toBe('KEY_NOT_FOUND');
  });

  it('a housekeeping key reads keys but cannot write them', async () => {
    const fx = await startApi(env);
    const housekeeping = fx.client(fx.keyFor('housekeeping'));
    expect((await housekeeping('GET', '/api/v1/keys')).status).toBe(200);
    const refused = await housekeeping('POST', '/api/v1/keys', { body: request() });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toContain('keys.write');
  });
});

describe('profiles', () => {
  it('add and list; a bad profile names the field', async () => {
    const fx = await startApi(env);
    const team = fx.client(fx.keyFor('team'));
    const added = await team('POST', '/api/v1/profiles', {
      body: {
        name: 'cleaning',
        days: ['mon', 'thu'],
        hours: { from: '09:00', to: '12:00' },
        timeZone: 'Europe/Berlin',
      },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'cleaning', accessLevel: 'guest', remoteAccess: true });
    const listed = await team('GET', '/api/v1/profiles');
    expect((listed.body.profiles as Profile[]).map((profile) => profile.name)).toEqual(['cleaning']);
    const bad = await team('POST', '/api/v1/profiles', {
      body: { name: 'x', hours: { from: '9', to: '12:00' } },
    });
    expect(bad.body.error).toMatchObject({ code: 'PROFILE_INVALID', field: 'hours.from' });
  });
});

describe('while the key service is not there', () => {
  it('503 KEYS_UNAVAILABLE: with Retry-After while it starts, without when it is off; locks still answer', async () => {
    const starting = await startApi(env, { server: { keys: new Promise(() => undefined) } });
    const team = starting.client(starting.keyFor('team'));
    const wait = await team('GET', '/api/v1/keys');
    expect(wait.status).toBe(503);
    expect(wait.body.error?.code).toBe('KEYS_UNAVAILABLE');
    expect(wait.headers.get('retry-after')).toBe('2');
    expect((await team('GET', '/api/v1/locks')).status).toBe(200);
    const off = await startApi(env, { server: { keys: undefined } });
    const answer = await off.client(off.keyFor('team'))('GET', '/api/v1/profiles');
    expect(answer.status).toBe(503);
    expect(answer.body.error?.message).toContain('Keys are off');
    expect(answer.headers.get('retry-after')).toBeNull();
  });
});
