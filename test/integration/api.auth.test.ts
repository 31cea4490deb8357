/**
 * Authentication and its guards over real HTTP: 401 saying which (missing, unknown, deactivated, expired) and
 * nothing more, the sign-in throttle on a manual clock (429 + Retry-After, a good key refused too while locked
 * out), the audit log, and no secret or doorcode in any answer, log or audit entry.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Key } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';
import { pinsOn } from '../helpers/keyService.js';
import { ManualClock } from '../helpers/manualClock.js';

const env = useEmulator({ locks: 1 });
let door: number;

beforeEach(async () => {
  await env.control.reset();
  door = (await env.control.locks())[0]!.id;
  await env.control.patchLock(door, { keypad: true });
});

describe('401: which key problem, nothing else', () => {
  it('missing, unknown, deactivated, expired; an expired key works again once its expiry moves', async () => {
    const fx = await startApi(env);
    const owner = fx.client(fx.keyFor('owner'));
    const app = fx.apps.addApplication({ name: 'booking', group: 'team' });
    const created = fx.apps.addAccessKey(app.id, { name: 'k1' });
    const call = fx.client(created.key);
    const codes = async (client = call) => {
      const answer = await client('GET', '/api/v1/locks');
      if (answer.status === 401) expect(Object.keys(answer.body.error!).sort()).toEqual(['code', 'message']);
      return answer.status === 401 ? answer.body.error!.code : answer.status;
    };
    expect(await codes(fx.client())).toBe('AUTH_MISSING');
    expect(await codes(fx.client('nope.nope'))).toBe('AUTH_UNKNOWN');
    expect(await codes()).toBe(200);
    const path = `/api/v1/applications/${app.id}/access-keys/${created.id}`;
    expect((await owner('PATCH', path, { body: { active: false } })).body.state).toBe('inactive');
    expect(await codes()).toBe('AUTH_INACTIVE');
    await owner('PATCH', path, { body: { active: true } });
    expect(await codes()).toBe(200);
    const past = new Date(env.emulator.clock.now() - 60_000).toISOString();
    await owner('PATCH', path, { body: { expiresAt: past } });
    expect(await codes()).toBe('AUTH_EXPIRED');
    await owner('PATCH', path, { body: { expiresAt: null } });
    expect(await codes()).toBe(200);
    const malformed = await owner('PATCH', path, { body: { expiresAt: 'next week' } });
    expect(malformed.body.error).toMatchObject({ code: 'APP_INVALID', field: 'expiresAt' });
  });
});

describe('sign-in throttle', () => {
  it('after 5 failures from one address: 429 with Retry-After, doubling, even for a good key; a success clears it', async () => {
    const clock = new ManualClock();
    const fx = await startApi(env, { clock });
    const good = fx.client(fx.keyFor('viewer'));
    const bad = fx.client('guess.guess');
    for (let i = 0; i < 6; i++) expect((await bad('GET', '/api/v1/locks')).status).toBe(401);
    const locked = await good('GET', '/api/v1/locks');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect(locked.body.error).toEqual({
      code: 'AUTH_THROTTLED',
      message: 'Too many failed sign-ins from this address; try again later.',
    });
    clock.advance(1000);
    expect((await bad('GET', '/api/v1/locks')).status).toBe(401);
    const longer = await bad('GET', '/api/v1/locks');
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');
    clock.advance(2000);
    expect((await good('GET', '/api/v1/locks')).status).toBe(200);
    // Cleared: five more failures before the next lockout.
    for (let i = 0; i < 6; i++) expect((await bad('GET', '/api/v1/locks')).status).toBe(401);
    expect((await bad('GET', '/api/v1/locks')).status).toBe(429);
  });

  it('requests without a key are not counted as guesses', async () => {
    const clock = new ManualClock();
    const fx = await startApi(env, { clock });
    for (let i = 0; i < 10; i++) expect((await fx.client()('GET', '/api/v1/locks')).status).toBe(401);
    expect((await fx.client(fx.keyFor('viewer'))('GET', '/api/v1/locks')).status).toBe(200);
  });
});

describe('audit and secrets', () => {
  it('every call is audited with application, key prefix, operation, target, outcome; no secret or code anywhere', async () => {
    const fx = await startApi(env);
    const ownerKey = fx.keyFor('owner');
    const owner = fx.client(ownerKey);
    const teamKey = fx.keyFor('team');
    const team = fx.client(teamKey);
    const answers = [
      await team('POST', '/api/v1/keys', {
        body: {
          name: 'Stay',
          persons: [{ name: 'Ann', credentials: { doorcode: { policy: 'strict', code: '583920' } } }],
          doors: [door],
        },
      }),
    ];
    const key = answers[0]!.body as unknown as Key;
    answers.push(await team('GET', `/api/v1/keys/${key.id}`));
    answers.push(await team('GET', '/api/v1/audit'));
    answers.push(await fx.client(`tdk_${'a'.repeat(16)}_${'b'.repeat(52)}`)('GET', '/api/v1/locks'));
    const app = await owner('POST', '/api/v1/applications', { body: { name: 'pms', group: 'team' } });
    const created = await owner('POST', `/api/v1/applications/${String(app.body.id)}/access-keys`, {
      body: { name: 'main' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const secret = created.body.key as string;
    expect(secret).toBeTruthy();
    answers.push(await owner('GET', `/api/v1/applications/${String(app.body.id)}/access-keys`));
    answers.push(await fx.client(secret)('GET', '/api/v1/health'));
    const audit = await owner('GET', '/api/v1/audit?limit=50');
    answers.push(audit);
    expect(pinsOn(env, door)[0]!.pin).toBe('583920');
    const entries = audit.body.entries as Record<string, unknown>[];
    expect(entries).toContainEqual(
      expect.objectContaining({
        application: expect.stringMatching(/^team-/) as unknown,
        keyPrefix: teamKey.split('_')[1]!.slice(0, 8),
        operation: 'issueKey',
        target: key.id,
        outcome: 'ok',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ operation: 'getKey', target: key.id, outcome: 'ok' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        application: expect.stringMatching(/^team-/) as unknown,
        operation: 'listAudit',
        outcome: 'refused',
        code: 'RIGHT_MISSING',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        operation: 'listLocks',
        keyPrefix: 'aaaaaaaa',
        outcome: 'refused',
        code: 'AUTH_UNKNOWN',
      }),
    );
    expect(entries.some((entry) => entry.operation === 'health')).toBe(false);
    const secrets = [
      ownerKey,
      teamKey,
      secret,
      '583920',
      ...[ownerKey, teamKey, secret].map((k) => k.split('_')[2]!),
    ];
    const seen = [
      ...answers.filter((answer) => answer !== created).map((answer) => answer.text),
      JSON.stringify(fx.apps.audit.list({ limit: 1000 })),
      fx.apiLogger.text(),
      fx.logger.text(),
    ].join('\n');
    for (const value of secrets) expect(seen).not.toContain(value);
    // The list never shows a key's secret again.
    expect(answers[4]!.body.accessKeys).toEqual([
      expect.not.objectContaining({ key: expect.anything() as unknown }),
    ]);
  });
});
