/**
 * Delivery from the key service: the `delivery` event and a webhook (a real node:http receiver on
 * 127.0.0.1) get the doorcode in clear once every door is set; a webhook that keeps failing is retried,
 * recorded in the store, reported as DELIVERY_FAILED on the key, and never rolls the key back. The code
 * appears in no log line and no keyChanged event.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import { createWebhookChannel } from '../../src/runtime/delivery/index.js';
import { systemClock } from '../../src/util/clock.js';
import { useEmulator } from '../helpers/emulator.js';
import { OWNER, pinsOn, startKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2 });
let server: Server;
let url: string;
let answer = 200;
const received: { delivery: { doorcode?: string; person: { name: string } } }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (answer === 200) received.push(JSON.parse(body) as (typeof received)[number]);
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let doors: number[];
beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
  received.length = 0;
});

const request = () => ({
  name: 'Stay 12',
  persons: [{ name: 'Ann Smith', email: 'ann@example.com' }],
  doors,
  credentials: { doorcode: true },
});

it('delivers the code by event and webhook; masked everywhere else', async () => {
  answer = 200;
  const fx = await startKeyService(env, { channels: [createWebhookChannel({ url }, systemClock)] });
  const key = (await fx.service.issue(request(), OWNER)) as Key;
  await fx.service.idle();
  const code = pinsOn(env, doors[0]!)[0]!.pin;
  expect(fx.deliveries.map((d) => d.doorcode)).toEqual([code]);
  expect(received.map((r) => r.delivery.doorcode)).toEqual([code]);
  expect(fx.store.listDeliveries(key.id)).toEqual([
    expect.objectContaining({ channel: 'webhook', state: 'sent' }),
  ]);
  expect(JSON.stringify(fx.logger.lines)).not.toContain(code);
  expect(JSON.stringify(fx.keyEvents)).not.toContain(code);
  expect(JSON.stringify(fx.service.show(key.id))).not.toContain(code);
});

it('a webhook that keeps failing: retried, DELIVERY_FAILED on the key, the key stays active', async () => {
  answer = 500;
  const fx = await startKeyService(env, { channels: [createWebhookChannel({ url }, systemClock)] });
  const key = (await fx.service.issue(request(), OWNER)) as Key;
  await fx.service.idle();
  const shown = fx.service.show(key.id);
  expect(shown.status).toBe('active');
  expect(shown.warnings.map((w) => w.code)).toContain('DELIVERY_FAILED');
  expect(fx.store.listDeliveries(key.id)).toEqual([
    expect.objectContaining({ channel: 'webhook', state: 'failed', attempts: 2 }),
  ]);
  for (const door of doors) expect(pinsOn(env, door)).toHaveLength(1);
  // resend delivers again once the receiver works
  answer = 200;
  await fx.service.resend(key.id, 'Ann Smith', OWNER);
  await fx.service.idle();
  await waitFor(() => received.length === 1);
});
