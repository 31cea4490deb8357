/**
 * The `smtp` delivery channel: one email per delivery, text and HTML parts, through nodemailer. With
 * `secure` false nodemailer upgrades with STARTTLS whenever the server offers it. Every wait (connection,
 * greeting, socket) is bounded by `timeoutMs`. Errors say what went wrong in words a user can act on and
 * never hold the password, the doorcode or the link. nodemailer's own logger stays off: it would log bodies.
 */
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config/index.js';
import type { Delivery, DeliveryChannel } from '../../core/keys/delivery/index.js';
import { DeliveryError } from '../../core/keys/delivery/index.js';

export const SMTP_TIMEOUT_MS = 15_000;

/** nodemailer's codes for failures that another attempt may cure. */
const TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED']);

const UNTRUSTED_CERTIFICATE = /certificate|self[- ]signed|unable to verify/i;

export interface SmtpChannel extends DeliveryChannel {
  close(): void;
}

interface MailError {
  code?: string;
  responseCode?: number;
  message?: string;
}

function describeFailure(error: MailError, server: string): DeliveryError {
  const code = error.code ?? '';
  const text = error.message ?? 'unknown error';
  if (code === 'EAUTH')
    return new DeliveryError(
      'DELIVERY_FAILED',
      `smtp ${server}: authentication failed (${text}); check smtp.username and smtp.password`,
      false,
      'smtp',
    );
  // Node's TLS errors reach us as nodemailer's ESOCKET with Node's message; only the message tells them apart.
  // An untrusted certificate will not become trusted by trying again.
  if (UNTRUSTED_CERTIFICATE.test(text))
    return new DeliveryError(
      'DELIVERY_FAILED',
      `smtp ${server}: the server's TLS certificate is not trusted (${text})`,
      false,
      'smtp',
    );
  // 4xx answers are temporary by SMTP's own rules (RFC 5321 §4.2.1); 5xx are permanent.
  const transient = TRANSIENT.has(code) || (error.responseCode !== undefined && error.responseCode < 500);
  return new DeliveryError(
    'DELIVERY_FAILED',
    `smtp ${server}: ${text}${code ? ` (${code})` : ''}`,
    transient,
    'smtp',
  );
}

export function createSmtpChannel(config: SmtpConfig): SmtpChannel {
  const port = config.port ?? (config.secure ? 465 : 587);
  const timeoutMs = config.timeoutMs ?? SMTP_TIMEOUT_MS;
  const server = `${config.host}:${port}`;
  const transport = nodemailer.createTransport({
    host: config.host,
    port,
    secure: config.secure ?? false,
    ...(config.username ? { auth: { user: config.username, pass: config.password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  return {
    name: 'smtp',
    async send(delivery: Delivery): Promise<void> {
      const to = delivery.person.email;
      if (!to)
        throw new DeliveryError(
          'DELIVERY_FAILED',
          `smtp: ${delivery.person.name} has no email address`,
          false,
          'smtp',
        );
      try {
        await transport.sendMail({
          from: config.from,
          to: { name: delivery.person.name, address: to },
          subject: delivery.message.subject,
          text: delivery.message.text,
          html: delivery.message.html,
        });
      } catch (error) {
        throw describeFailure(error as MailError, server);
      }
    },
    close: () => transport.close(),
  };
}
