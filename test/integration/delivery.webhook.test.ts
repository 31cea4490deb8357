import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDelivery, deliverWithRetry, describeAttempt } from '../../src/core/keys/delivery/index.js';
import type { Delivery } from '../../src/core/keys/delivery/index.js';
import {
  createDeliveryChannels,
  createWebhookChannel,
  MAX_BODY_BYTES,
} from '../../src/runtime/delivery/index.js';
import type { Clock, Timer } from '../../src/util/clock.js';
import { systemClock } from '../../src/util/clock.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { sampleDoorNames, sampleKey } from '../helpers/keys.js';

const SECRET = 'whsec-0123456789abcdef';

interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (hit: Hit, response: ServerResponse) => void;

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A webhook receiver on 127.0.0.1 that answers each request with the next handler (the last one repeats). */
async function receiver(...handlers: Handler[]): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hit = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      handlers[Math.min(hits.length, handlers.length) - 1]!(hit, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/keys?token=t0k3n`, hits };
}

const ok: Handler = (_hit, response) => response.writeHead(204).end();
const fail500: Handler = (hit, response) => response.writeHead(500).end(`echo: ${hit.body}`);

/** A clock for retries whose waits pass at once (the backoff itself is tested in unit tests). */
const fastClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn) => {
    queueMicrotask(fn);
    return 0 as unknown as Timer;
  },
  clearTimeout: () => undefined,
};

/** What a receiver does to check a request: recompute the HMAC of "<timestamp>.<raw body>". */
function validSignature(hit: Hit, secret: string): boolean {
  const timestamp = String(hit.headers['x-tedee-hub-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${hit.body}`).digest('hex')}`;
  const given = String(hit.headers['x-tedee-hub-signature']);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

const delivery = buildDelivery(sampleKey(), 0, { doorNames: sampleDoorNames });

describe('the webhook channel, against a real HTTP receiver', () => {
  it('POSTs the delivery as JSON with a valid signature, never the secret', async () => {
    const hook = await receiver(ok);
    await createWebhookChannel({ url: hook.url, secret: SECRET }).send(delivery);
    expect(hook.hits).toHaveLength(1);
    const hit = hook.hits[0]!;
    expect(hit.headers['content-type']).toBe('application/json');
    expect(validSignature(hit, SECRET)).toBe(true);
    expect(validSignature(hit, 'another-secret-0123')).toBe(false);
    expect(Math.abs(Number(hit.headers['x-tedee-hub-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.stringify(hit.headers)).not.toContain(SECRET);
    const payload = JSON.parse(hit.body) as { event: string; delivery: Delivery };
    expect(payload.event).toBe('delivery');
    expect(payload.delivery).toEqual(delivery);
    expect(payload.delivery.doorcode).toBe('384756');
  });

  it('without a secret, sends no signature', async () => {
    const hook = await receiver(ok);
    await createWebhookChannel({ url: hook.url }).send(delivery);
    expect(hook.hits[0]!.headers['x-tedee-hub-signature']).toBeUndefined();
  });

  it('a receiver that hangs fails at the deadline, as retryable', async () => {
    const hook = await receiver(() => undefined);
    const started = Date.now();
    const error = await createWebhookChannel({ url: hook.url, timeoutMs: 300 })
      .send(delivery)
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: true, channel: 'webhook' });
    expect((error as Error).message).toMatch(
      /^webhook http:\/\/127\.0\.0\.1:\d+\/hooks\/keys: no answer within 300 ms$/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a 500 is retried until the receiver takes it; the log has neither code, link, secret nor token', async () => {
    const hook = await receiver(fail500, fail500, ok);
    const logger = new MemoryLogger();
    const report = await deliverWithRetry(createWebhookChannel({ url: hook.url, secret: SECRET }), delivery, {
      clock: fastClock,
      onAttempt: (attempt) => logger.info(describeAttempt(delivery, attempt)),
    });
    expect(report.ok).toBe(true);
    expect(hook.hits).toHaveLength(3);
    expect(report.attempts.map((attempt) => attempt.ok)).toEqual([false, false, true]);
    expect(report.attempts[0]!.reason).toMatch(/: answered HTTP 500$/);
    const text = logger.text();
    expect(text).toContain('answered HTTP 500');
    for (const secret of ['384756', 'AbC123', SECRET, 't0k3n']) expect(text).not.toContain(secret);
  });

  it('a 4xx is not retried; a redirect is not followed', async () => {
    const rejecting = await receiver((_hit, response) => response.writeHead(422).end());
    const report = await deliverWithRetry(createWebhookChannel({ url: rejecting.url }), delivery, {
      clock: fastClock,
    });
    expect(report.attempts).toEqual([expect.objectContaining({ ok: false, retryable: false })]);
    expect(rejecting.hits).toHaveLength(1);
    const elsewhere = await receiver(ok);
    const redirecting = await receiver((_hit, response) =>
      response.writeHead(307, { location: elsewhere.url }).end(),
    );
    await expect(createWebhookChannel({ url: redirecting.url }).send(delivery)).rejects.toThrow(
      /answered HTTP 307$/,
    );
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('refuses a body over the size limit before sending', async () => {
    const hook = await receiver(ok);
    const huge = buildDelivery(sampleKey(), 0, {
      template: { body: `{{doorcode}} ${'x'.repeat(MAX_BODY_BYTES)}` },
    });
    await expect(createWebhookChannel({ url: hook.url }).send(huge)).rejects.toMatchObject({
      code: 'DELIVERY_FAILED',
      retryable: false,
      message: expect.stringMatching(/over the 65536 byte limit \(shorten delivery\.template\)$/) as string,
    });
    expect(hook.hits).toHaveLength(0);
  });
});

describe('createDeliveryChannels', () => {
  it('makes the channels the configuration asks for', () => {
    const none = createDeliveryChannels({ personalAccessKey: 'a.b' } as never);
    expect(none.channels).toEqual([]);
    const both = createDeliveryChannels(
      {
        personalAccessKey: 'a.b',
        smtp: { host: '127.0.0.1', from: 'desk@example.com' },
        delivery: { webhook: { url: 'http://127.0.0.1:9/x' }, template: 'Hi {{person.name}}' },
      } as never,
      systemClock,
    );
    expect(both.channels.map((channel) => channel.name)).toEqual(['smtp', 'webhook']);
    expect(both.template).toEqual({ body: 'Hi {{person.name}}' });
    both.close();
  });

  it('refuses a template with an unknown placeholder at start, naming the field', () => {
    expect(() =>
      createDeliveryChannels({ personalAccessKey: 'a.b', delivery: { subject: 'Key {{key}}' } } as never),
    ).toThrow(/^delivery\.subject: unknown placeholder \{\{key\}\}/);
  });
});
