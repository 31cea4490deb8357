import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDelivery,
  deliverWithRetry,
  describeAttempt,
  DeliveryError,
} from '../../src/core/keys/delivery/index.js';
import { createSmtpChannel } from '../../src/runtime/delivery/index.js';
import { systemClock } from '../../src/util/clock.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { sampleDoorNames, sampleKey } from '../helpers/keys.js';
import { freePort } from '../helpers/ports.js';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

const USER = 'desk';
const PASSWORD = 'Sm7p-Pa55word!';

/** The body as a reader sees it: quoted-printable soft breaks joined and =XX decoded. */
function decodeQuotedPrintable(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

let server: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    // A plain local server: STARTTLS off (its self-signed certificate is not what is tested), AUTH allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const delivery = buildDelivery(sampleKey(), 0, { doorNames: sampleDoorNames });

describe('the smtp channel, against a real SMTP server', () => {
  it('sends the email to the person, with the code, the link and the validity', async () => {
    const channel = createSmtpChannel({
      host: '127.0.0.1',
      port,
      secure: false,
      username: USER,
      password: PASSWORD,
      from: 'Front desk <desk@example.com>',
    });
    try {
      await channel.send(delivery);
    } finally {
      channel.close();
    }
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe('desk@example.com');
    expect(mail.to).toEqual(['anna@example.com']);
    expect(mail.raw).toMatch(/^Subject: Your key: Apartment 3, stay 11-14 Jan\r?$/m);
    expect(mail.raw).toMatch(/^To: Anna Kowalska <anna@example.com>\r?$/m);
    const body = decodeQuotedPrintable(mail.raw);
    expect(body).toContain('Doorcode: 384756');
    expect(body).toContain('https://links.example/k/AbC123');
    expect(body).toContain(
      'Mon 11 Jan 2027 15:00 – Thu 14 Jan 2027 11:00 (Europe/Warsaw), Mon–Fri 09:00–17:00',
    );
    expect(mail.raw).toContain('Content-Type: text/html');
  });

  it('a wrong password fails at once with DELIVERY_FAILED, the reason, and no password or code', async () => {
    const channel = createSmtpChannel({
      host: '127.0.0.1',
      port,
      username: USER,
      password: 'wrong-password-123',
      from: 'desk@example.com',
    });
    const logger = new MemoryLogger();
    const report = await deliverWithRetry(channel, delivery, {
      clock: systemClock,
      onAttempt: (attempt) => logger.warn(describeAttempt(delivery, attempt)),
    });
    channel.close();
    expect(report.ok).toBe(false);
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatchObject({ channel: 'smtp', code: 'DELIVERY_FAILED', retryable: false });
    expect(report.attempts[0]!.reason).toMatch(
      new RegExp(
        `^smtp 127\\.0\\.0\\.1:${port}: authentication failed \\(.*535.*\\); check smtp\\.username and smtp\\.password$`,
      ),
    );
    const text = logger.text();
    expect(text).toContain('authentication failed');
    for (const secret of ['wrong-password-123', PASSWORD, '384756', 'AbC123'])
      expect(text).not.toContain(secret);
  });

  it('an unreachable server fails with DELIVERY_FAILED naming the server, as retryable', async () => {
    const closedPort = await freePort();
    const channel = createSmtpChannel({
      host: '127.0.0.1',
      port: closedPort,
      from: 'desk@example.com',
      timeoutMs: 5000,
    });
    const error = await channel.send(delivery).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    channel.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: true, channel: 'smtp' });
    expect((error as Error).message).toMatch(
      new RegExp(`^smtp 127\\.0\\.0\\.1:${closedPort}: .*ECONNREFUSED.*\\((ESOCKET|ECONNECTION)\\)$`),
    );
  });

  it('a server that accepts and never greets fails within the timeout, as retryable', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    const channel = createSmtpChannel({
      host: '127.0.0.1',
      port: silentPort,
      from: 'desk@example.com',
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await channel.send(delivery).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    channel.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: true });
    expect((error as Error).message).toMatch(/^smtp 127\.0\.0\.1:\d+: .*\(ETIMEDOUT\)$/);
    // 300 ms asked; a loaded machine may add seconds, never the default 15 s.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('upgrades with STARTTLS when offered and refuses an untrusted certificate, not retried', async () => {
    // smtp-server's default STARTTLS uses its bundled test certificate, which no system trusts.
    const tlsServer = new SMTPServer({ authOptional: true, logger: false });
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tlsServer.server.address() as AddressInfo).port;
    const channel = createSmtpChannel({
      host: '127.0.0.1',
      port: tlsPort,
      from: 'desk@example.com',
      timeoutMs: 5000,
    });
    const error = await channel.send(delivery).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    channel.close();
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: false });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^smtp 127\\.0\\.0\\.1:${tlsPort}: the server's TLS certificate is not trusted \\(.*certificate.*\\)$`,
      ),
    );
  });

  it('a person without an email address is a clear failure, not a crash', async () => {
    const key = sampleKey();
    delete key.persons[0]!.email;
    const channel = createSmtpChannel({ host: '127.0.0.1', port, from: 'desk@example.com' });
    await expect(channel.send(buildDelivery(key, 0))).rejects.toThrow(
      'smtp: Anna Kowalska has no email address',
    );
    channel.close();
  });
});
