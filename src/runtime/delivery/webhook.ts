/**
 * The `webhook` delivery channel: POSTs the delivery as JSON to a configured URL (SMS gateways, booking
 * systems). With a secret, each request is signed (docs/keys.md, "Delivery"):
 *   X-Tedee-Hub-Timestamp: <unix seconds>
 *   X-Tedee-Hub-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * The timestamp is inside the signature so a captured request cannot be replayed later unnoticed. The secret
 * itself is never sent. Each POST has a deadline; a body over MAX_BODY_BYTES is refused before sending;
 * redirects are not followed (they would carry the doorcode to another place). The response body is never
 * read into errors: a receiver may echo the doorcode.
 */
import { createHmac } from 'node:crypto';
import type { DeliveryConfig } from '../../config/index.js';
import type { Delivery, DeliveryChannel } from '../../core/keys/delivery/index.js';
import { DeliveryError } from '../../core/keys/delivery/index.js';
import type { Clock } from '../../util/clock.js';
import { systemClock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const MAX_BODY_BYTES = 64 * 1024;
export const SIGNATURE_HEADER = 'x-tedee-hub-signature';
export const TIMESTAMP_HEADER = 'x-tedee-hub-timestamp';

export type WebhookConfig = NonNullable<DeliveryConfig['webhook']>;

/** The signature of a body, as the header carries it; receivers compute the same to check. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The URL as errors show it: no query string or credentials, which may hold tokens. */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function failure(message: string, retryable: boolean): DeliveryError {
  return new DeliveryError('DELIVERY_FAILED', message, retryable, 'webhook');
}

export function createWebhookChannel(config: WebhookConfig, clock: Clock = systemClock): DeliveryChannel {
  const url = new URL(config.url);
  const timeoutMs = config.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const where = `webhook ${shown(url)}`;
  return {
    name: 'webhook',
    async send(delivery: Delivery): Promise<void> {
      const body = JSON.stringify({ event: 'delivery', delivery });
      const size = Buffer.byteLength(body);
      if (size > MAX_BODY_BYTES)
        throw failure(
          `${where}: the delivery is ${size} bytes, over the ${MAX_BODY_BYTES} byte limit (shorten delivery.template)`,
          false,
        );
      const timestamp = String(Math.floor(clock.now() / 1000));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
      };
      if (config.secret) headers[SIGNATURE_HEADER] = signBody(config.secret, timestamp, body);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        throw failure(
          timedOut ? `${where}: no answer within ${timeoutMs} ms` : `${where}: ${errorMessage(error)}`,
          true,
        );
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return;
      // 408, 429 and 5xx may pass later; other answers (4xx, a redirect) will not without a change.
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      throw failure(`${where}: answered HTTP ${response.status}`, retryable);
    },
  };
}
