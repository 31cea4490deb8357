/**
 * What a delivery carries (issue 10, "Delivering credentials"). A Delivery is the ONE place a doorcode is
 * shown in clear: it goes to the person (email, webhook, the `delivery` event) and nowhere else. Never log
 * a Delivery or put it in an error; log `describeDelivery()` instead.
 */
import type { Person } from '../model.js';

export interface DeliveryValidity {
  /** Readable, in the key's time zone: "Mon 11 Jan 2027 15:00 – Thu 14 Jan 2027 11:00 (Europe/Warsaw), Mon–Fri 09:00–17:00". */
  text: string;
  timeZone: string;
  /** The period's bounds as ISO 8601 with the zone's offset; absent = no bound. */
  from?: string;
  until?: string;
  days?: string[];
  hours?: { from: string; to: string };
}

export interface DeliveryMessage {
  subject: string;
  /** Plain text (email text part, SMS gateways). */
  text: string;
  /** The same message for an HTML email part: every value and the template's own text are HTML-escaped. */
  html: string;
}

export interface Delivery {
  key: { id: string; name: string };
  /** The index of the person in Key.persons. */
  personIndex: number;
  person: Pick<Person, 'name' | 'email' | 'phone'>;
  /** The magic link, when the person has a smart key. */
  link?: string;
  /** The doorcode in clear, when the person has one: revealed only here. */
  doorcode?: string;
  validity: DeliveryValidity;
  /** The names of the key's doors, in the key's order. */
  doors: string[];
  message: DeliveryMessage;
}

export type DeliveryChannelName = 'event' | 'smtp' | 'webhook';

/** One attempt on one channel. `reason` never holds the doorcode, the link or a secret. */
export interface DeliveryAttempt {
  channel: DeliveryChannelName;
  attempt: number;
  ok: boolean;
  /** ISO time the attempt ended. */
  at: string;
  code?: DeliveryErrorCode;
  reason?: string;
  /** Whether another attempt may succeed. */
  retryable?: boolean;
}

/** A channel is a port: runtime supplies SMTP and the webhook, the key service the event. */
export interface DeliveryChannel {
  readonly name: DeliveryChannelName;
  /** Resolves when delivered; rejects with a DeliveryError. */
  send(delivery: Delivery): Promise<void>;
}

export type DeliveryErrorCode = 'DELIVERY_FAILED' | 'TEMPLATE_INVALID';

export class DeliveryError extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    /** Another attempt may succeed (network, timeout, 5xx); false for auth, a 4xx, a bad template. */
    readonly retryable = false,
    readonly channel?: DeliveryChannelName,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** How a delivery appears in logs: who, which key, which channel; never the code or the link. */
export function describeDelivery(delivery: Delivery): string {
  return `key "${delivery.key.name}" (${delivery.key.id}) for ${delivery.person.name}`;
}

/** One log line for an attempt: channel, outcome and reason; never the doorcode or the link. */
export function describeAttempt(delivery: Delivery, attempt: DeliveryAttempt): string {
  const outcome = attempt.ok ? 'delivered' : `failed: ${attempt.code} ${attempt.reason ?? ''}`.trim();
  return `Delivery of ${describeDelivery(delivery)} by ${attempt.channel} (attempt ${attempt.attempt}): ${outcome}`;
}
