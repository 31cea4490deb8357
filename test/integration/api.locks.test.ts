/**
 * Locks over the HTTP API: list and get within the application's lock rights, a command answered at once (202)
 * and its outcome through /api/v1/commands/{id} and the event stream, refusals with the hub's codes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Lock } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';
import { openSse } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2, speed: 10 });
let locks: { id: number; serialNumber: string }[];

beforeEach(async () => {
  await env.control.reset();
  locks = await env.control.locks();
});

describe('locks', () => {
  it('lists and gets locks by id, serial number or name; limited applications see only theirs', async () => {
    const fx = await startApi(env);
    const viewer = fx.client(fx.keyFor('viewer'));
    const all = (await viewer('GET', '/api/v1/locks')).body.locks as Lock[];
    expect(all.map((lock) => lock.id)).toEqual(locks.map((lock) => lock.id));
    expect((await viewer('GET', `/api/v1/locks/${all[1]!.serialNumber}`)).body.id).toBe(all[1]!.id);
    expect((await viewer('GET', `/api/v1/locks/${encodeURIComponent(all[0]!.name)}`)).body.id).toBe(
      all[0]!.id,
    );
    const limited = fx.client(fx.keyFor('viewer', [locks[0]!.serialNumber]));
    expect(((await limited('GET', '/api/v1/locks')).body.locks as Lock[]).map((lock) => lock.id)).toEqual([
      locks[0]!.id,
    ]);
    const hidden = await limited('GET', `/api/v1/locks/${locks[1]!.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error?.code).toBe('UNKNOWN_LOCK');
    const unknown = await viewer('GET', '/api/v1/locks/999999');
    expect(unknown.body.error?.code).toBe('UNKNOWN_LOCK');
  });

  it('a command answers 202 at once; the outcome comes by the command resource and the event stream', async () => {
    const fx = await startApi(env);
    const key = fx.keyFor('housekeeping');
    const call = fx.client(key);
    const stream = await openSse(`${fx.url}/api/v1/events`, key);
    expect(stream.status).toBe(200);
    const lockId = locks[0]!.id;
    // An empty body sent as JSON is no body.
    const answer = await call('POST', `/api/v1/locks/${lockId}/unlock`, { raw: '' });
    expect(answer.status).toBe(202);
    const id = (answer.body.command as { id: string }).id;
    expect(answer.headers.get('location')).toBe(`/api/v1/commands/${id}`);
    expect(answer.body).toMatchObject({ status: 'pending', command: { lockId, action: 'unlock' } });
    const finished = await stream.next((event) => event.event === 'commandFinished');
    expect(finished.data).toMatchObject({ command: { id }, outcome: 'confirmed' });
    const outcome = await waitFor(async () => {
      const view = await call('GET', `/api/v1/commands/${id}`);
      return view.body.status === 'finished' && view.body;
    });
    expect(outcome).toMatchObject({ outcome: 'confirmed', state: 'unlocked' });
    stream.close();
  });

  it('refusals keep the hub code; a limited application cannot operate another lock; unknown commands are 404', async () => {
    const fx = await startApi(env, {
      keyService: { hub: { locks: [{ serialNumber: locks[1]!.serialNumber, allowOpen: false }] } },
    });
    const team = fx.client(fx.keyFor('team'));
    const open = await team('POST', `/api/v1/locks/${locks[1]!.id}/open`);
    expect(open.status).toBe(403);
    expect(['ACTION_DISABLED', 'PULL_SPRING_DISABLED']).toContain(open.body.error?.code);
    const limited = fx.client(fx.keyFor('team', [String(locks[0]!.id)]));
    expect((await limited('POST', `/api/v1/locks/${locks[1]!.id}/lock`)).status).toBe(404);
    const missing = await team('GET', '/api/v1/commands/nope');
    expect(missing.body.error?.code).toBe('COMMAND_NOT_FOUND');
  });
});
