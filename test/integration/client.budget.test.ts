/** The request budget and Tedee's rate limits, over HTTP against the emulator. */
import { describe, expect, it } from 'vitest';
import { createTedeeClient } from '../../src/client/index.js';
import { useEmulator } from '../helpers/emulator.js';

describe('the client budget', () => {
  const env = useEmulator({ locks: 2 });

  it('refuses background calls at the reserve and keeps the reserve for commands, without reaching the cloud', async () => {
    await env.control.reset();
    const client = createTedeeClient({
      personalAccessKey: env.key,
      apiUrl: env.url,
      limitPerHour: 30,
      reserveForCommands: 5,
    });
    for (let i = 0; i < 25; i++) await client.syncLocks();
    expect(client.budget.status()).toMatchObject({ used: 25, remaining: 5, remainingForBackground: 0 });
    await expect(client.syncLocks()).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    expect((await env.control.stats()).total).toBe(25);
    await client.lock(101);
    for (let i = 0; i < 4; i++) await client.getOperation('1').catch(() => undefined);
    expect(client.budget.status().remaining).toBe(0);
    const refused = await client.unlock(101).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(3_500_000);
    expect((await env.control.stats()).total).toBe(30);
  });

  it('reads the lock list at most 10 times per 10 minutes', async () => {
    await env.control.reset();
    const client = createTedeeClient({ personalAccessKey: env.key, apiUrl: env.url });
    for (let i = 0; i < 10; i++) await client.listLocks();
    await expect(client.listLocks()).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    expect((await env.control.stats()).byRoute['GET /my/lock']?.count).toBe(10);
    expect(await client.syncLocks()).toHaveLength(2);
  });
});

describe("the emulator's rate limits", () => {
  const env = useEmulator({ locks: 1, requestsPerHour: 20 });

  it('answers 429 with Retry-After once the account used its hourly requests', async () => {
    await env.control.reset();
    const client = createTedeeClient({ personalAccessKey: env.key, apiUrl: env.url, retries: 0 });
    for (let i = 0; i < 20; i++) await client.syncLocks();
    const error = (await client.syncLocks().catch((caught: unknown) => caught)) as {
      code: string;
      retryAfterMs: number;
    };
    expect(error.code).toBe('RATE_LIMITED');
    const secondsToHourEnd = 3600 - Math.floor((Date.now() % 3_600_000) / 1000);
    expect(error.retryAfterMs / 1000).toBeGreaterThan(0);
    expect(error.retryAfterMs / 1000).toBeLessThanOrEqual(secondsToHourEnd + 1);
  });

  it('answers 429 to the 11th GET /my/lock within 10 minutes for a key', async () => {
    await env.control.reset();
    const headers = { Authorization: `PersonalKey ${env.key}` };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await fetch(`${env.url}/api/v37/my/lock`, { headers })).status);
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
    const last = await fetch(`${env.url}/api/v37/my/lock`, { headers });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last.json()).toMatchObject({ success: false, statusCode: 429 });
  });
});
