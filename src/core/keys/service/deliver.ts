/**
 * Delivery: when all of a person's objects are `set`, the `delivery` event (the one place the doorcode
 * travels in clear) and every configured channel, each with deliverWithRetry. Attempts are recorded in the
 * store; a channel that still fails adds DELIVERY_FAILED to the key and never rolls it back.
 */
import { buildDelivery, deliverWithRetry, describeAttempt } from '../delivery/index.js';
import type { Delivery, DeliveryChannel } from '../delivery/index.js';
import type { Key } from '../model.js';
import { doorNames, loadKey } from './deps.js';
import type { ServiceDeps } from './deps.js';

export function personReady(key: Key, person: number): boolean {
  const mine = key.objects.filter((object) => object.person === person && object.status !== 'removed');
  return mine.length > 0 && mine.every((object) => object.status === 'set');
}

/** Delivers to every ready person (or only `only`); resolves when the event is out, channels run on. */
export function deliverKey(deps: ServiceDeps, key: Key, only?: number): Promise<void>[] {
  const runs: Promise<void>[] = [];
  key.persons.forEach((_, index) => {
    if (only !== undefined && only !== index) return;
    if (!personReady(key, index)) return;
    const delivery = buildDelivery(key, index, {
      doorNames: doorNames(deps, key),
      template: deps.options.template,
    });
    deps.context.bus.emit('delivery', delivery);
    for (const channel of deps.channels) runs.push(send(deps, key.id, channel, delivery));
  });
  return runs;
}

async function send(deps: ServiceDeps, keyId: string, channel: DeliveryChannel, delivery: Delivery) {
  if (channel.name === 'smtp' && !delivery.person.email) return;
  const record = deps.store.addDelivery({ keyId, person: delivery.personIndex, channel: channel.name });
  const report = await deliverWithRetry(channel, delivery, {
    clock: deps.context.clock,
    attempts: deps.options.deliveryAttempts,
    baseMs: deps.options.deliveryBaseMs,
    onAttempt: (attempt) => {
      const last = !attempt.ok && (!attempt.retryable || attempt.attempt >= deps.options.deliveryAttempts);
      if (!attempt.ok) deps.context.logger.warn(describeAttempt(delivery, attempt));
      try {
        deps.store.recordDeliveryAttempt(
          record.id,
          attempt.ok
            ? { ok: true }
            : { ok: false, error: attempt.reason ?? 'failed', ...(last ? {} : { nextRetryAt: attempt.at }) },
        );
      } catch {
        // The store is closed (the hub stopped): the attempt is not recorded, the delivery itself went on.
      }
    },
  });
  if (report.ok) return;
  try {
    const key = loadKey(deps, keyId);
    const reason = report.attempts.at(-1)?.reason ?? 'failed';
    key.warnings.push({
      code: 'DELIVERY_FAILED',
      message: `Delivery to ${delivery.person.name} by ${channel.name} failed after ${report.attempts.length} attempt(s): ${reason}. The key is issued; use resend.`,
    });
    deps.store.saveKey(key);
  } catch {
    // The key is gone or the store closed; the failure is logged above.
  }
}
