/**
 * `GET /api/v1/me` (the Keys page asks it first): the caller's application, its key by prefix only, and exactly
 * its group's rights; any valid key may ask, and a bad key gets the 401 that says why.
 */
import { describe, expect, it } from 'vitest';
import { APP_GROUPS } from '../../src/core/apps/api.js';
import { rightsOf } from '../../src/core/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';

const env = useEmulator({ locks: 2 });

describe('GET /api/v1/me', () => {
  it("answers every group with its application, its key's prefix and its rights", async () => {
    const fx = await startApi(env);
    for (const group of APP_GROUPS) {
      const key = fx.keyFor(group, group === 'viewer' ? ['101'] : undefined);
      const answer = await fx.client(key)('GET', '/api/v1/me');
      expect(answer.status, `${group}: ${answer.text}`).toBe(200);
      const body = answer.body as {
        application: { name: string; group: string; locks?: string[] };
        accessKey: { prefix: string; name: string };
        rights: string[];
      };
      expect(body.application.group).toBe(group);
      expect(body.application.locks).toEqual(group === 'viewer' ? ['101'] : undefined);
      expect(body.accessKey.name).toBe('main');
      expect(key.startsWith(`tdk_${body.accessKey.prefix}`)).toBe(true);
      expect(body.rights).toEqual(rightsOf(group));
      // The secret never comes back, not even in part beyond the prefix.
      expect(answer.text).not.toContain(key);
    }
  });

  it('says why a key is refused', async () => {
    const fx = await startApi(env);
    const missing = await fx.client()('GET', '/api/v1/me');
    expect(missing.status).toBe(401);
    expect(missing.body.error?.code).toBe('AUTH_MISSING');
    const unknown = await fx.client('tdk_nobody_nothing')('GET', '/api/v1/me');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.code).toBe('AUTH_UNKNOWN');
  });
});
