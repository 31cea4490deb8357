/**
 * Every route's right, for every group, over real HTTP: a group without the route's right gets 403 naming that
 * right and nothing else; a group with it gets past authorization (the cheap requests here then end in a 400,
 * 404 or 200, never a 401/403). Public routes answer without a key.
 */
import { describe, expect, it } from 'vitest';
import { APP_GROUPS } from '../../src/core/apps/api.js';
import { rightsOf } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';

const env = useEmulator({ locks: 2 });

describe('rights per route and group', () => {
  it('answers 403 RIGHT_MISSING exactly where the group lacks the route right', async () => {
    const fx = await startApi(env);
    const keys = Object.fromEntries(APP_GROUPS.map((group) => [group, fx.keyFor(group)]));
    const checked: string[] = [];
    for (const route of fx.server.routes) {
      // Ids nobody has: an allowed call ends early (404/400) without touching a door.
      const path = route.path.replace(/\{\w+\}/g, 'none');
      for (const group of APP_GROUPS) {
        const call = fx.client(keys[group]);
        if (route.stream) {
          const abort = new AbortController();
          const response = await fetch(`${fx.url}${path}`, {
            headers: { authorization: `Bearer ${keys[group]}` },
            signal: abort.signal,
          });
          const allowed = route.right === 'public' || rightsOf(group).includes(route.right);
          expect(response.status, `${group} ${route.method} ${path}`).toBe(allowed ? 200 : 403);
          abort.abort();
          continue;
        }
        const answer = await call(route.method, path, route.body ? { body: {} } : {});
        const allowed = route.right === 'public' || rightsOf(group).includes(route.right);
        if (allowed) {
          expect([401, 403], `${group} ${route.method} ${path}: ${answer.text}`).not.toContain(answer.status);
        } else {
          expect(answer.status, `${group} ${route.method} ${path}`).toBe(403);
          expect(answer.body).toEqual({
            error: {
              code: 'RIGHT_MISSING',
              message: `This application's group (${group}) lacks the right ${route.right}.`,
            },
          });
        }
        checked.push(`${group} ${route.method} ${route.path}`);
      }
    }
    expect(checked.length).toBeGreaterThan(150);
  });

  it('public routes answer without a key; the others say the key is missing', async () => {
    const fx = await startApi(env);
    const anonymous = fx.client();
    const health = await anonymous('GET', '/api/v1/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body)).toEqual(['state']);
    expect((await anonymous('GET', '/api/v1/openapi.json')).status).toBe(200);
    const locks = await anonymous('GET', '/api/v1/locks');
    expect(locks.status).toBe(401);
    expect(locks.body.error?.code).toBe('AUTH_MISSING');
  });
});
