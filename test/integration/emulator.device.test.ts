/** PIN and access writes travel to the lock: the PIN rules, the device latency, and 408 / 409 on request. */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';

// 20x and the realistic default device latency (2 s emulated, 0.1 s real).
const env = useEmulator({ locks: 2, speed: 20 });

beforeEach(async () => {
  await env.control.reset();
});

interface Answer<T = unknown> {
  status: number;
  result: T;
  errorMessages: string[];
}

async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${env.url}/api/v37${path}`, {
    method,
    headers: {
      Authorization: `PersonalKey ${env.key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return { status: 204, result: undefined as T, errorMessages: [] };
  const envelope = (await response.json()) as { result: T; errorMessages: string[] };
  return { status: response.status, ...envelope };
}

const createPin = (pin: string, lockId = 101) =>
  call<{ id: number }>('POST', `/my/lock/${lockId}/pin`, { alias: 'Guest', pin });

describe('PIN rules', () => {
  it('refuses 13579 as a strictly ascending sequence, naming the rule', async () => {
    const answer = await createPin('13579');
    expect(answer.status).toBe(400);
    expect(answer.errorMessages[0]).toMatch(/strictly ascending or descending/);
    expect((await createPin('13570')).status).toBe(201);
  });
});
