/**
 * The HTTP API behind a reverse proxy (`trustProxy`): the sign-in slowdown counts the address the proxy saw,
 * not one the client wrote. A proxy such as the nginx example of docs/api.md appends the client's address to
 * whatever X-Forwarded-For the client sent, so only the last entry is the proxy's word; a guesser that forges
 * a new first entry at each try must still be slowed down.
 */
import { describe, expect, it } from 'vitest';
import { startApi } from '../helpers/apiServer.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 1 });

describe('the API behind a reverse proxy', () => {
  it('throttles by the address the proxy appended, whatever the client put before it', async () => {
    const fx = await startApi(env, { server: { config: { port: 0, trustProxy: true } } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      // What nginx forwards for a client at 203.0.113.7 that sent "X-Forwarded-For: 10.0.0.<i>".
      const answer = await fx.client('tdk_guess')('GET', '/api/v1/locks', {
        headers: { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    // Another client behind the same proxy is not slowed down by the guesser.
    const other = await fx.client(fx.keyFor('viewer'))('GET', '/api/v1/locks', {
      headers: { 'x-forwarded-for': '198.51.100.9' },
    });
    expect(other.status).toBe(200);
  });
});
