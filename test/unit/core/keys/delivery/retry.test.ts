import { describe, expect, it } from 'vitest';
import {
  DeliveryError,
  buildDelivery,
  deliverWithRetry,
  describeAttempt,
  eventChannel,
} from '../../../../../src/core/keys/delivery/index.js';
import type { Delivery, DeliveryChannel } from '../../../../../src/core/keys/delivery/index.js';
import type { Clock, Timer } from '../../../../../src/util/clock.js';
import { sampleKey } from '../../../../helpers/keys.js';

/** A clock whose timers fire at once (on the next microtask), moving its time on; it keeps each wait. */
function instantClock(): Clock & { waits: number[] } {
  let now = Date.parse('2027-01-11T14:00:00Z');
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    setTimeout: (fn, ms) => {
      waits.push(ms);
      now += ms;
      queueMicrotask(fn);
      return 0 as unknown as Timer;
    },
    clearTimeout: () => undefined,
  };
}

/** A channel (the port) that fails with the given errors in turn, then succeeds. */
function scriptedChannel(failures: Error[]): DeliveryChannel & { calls: number } {
  const channel = {
    name: 'webhook' as const,
    calls: 0,
    send: () => {
      const failure = failures[channel.calls++];
      return failure ? Promise.reject(failure) : Promise.resolve();
    },
  };
  return channel;
}

const delivery = buildDelivery(sampleKey(), 0);
const transient = () => new DeliveryError('DELIVERY_FAILED', 'webhook x: answered HTTP 500', true, 'webhook');

describe('deliverWithRetry', () => {
  it('retries transient failures with growing backoff and reports every attempt', async () => {
    const clock = instantClock();
    const channel = scriptedChannel([transient(), transient()]);
    const report = await deliverWithRetry(channel, delivery, {
      clock,
      baseMs: 1000,
      maxMs: 10_000,
      random: () => 0,
    });
    expect(report.ok).toBe(true);
    expect(report.attempts.map((attempt) => [attempt.attempt, attempt.ok, attempt.code])).toEqual([
      [1, false, 'DELIVERY_FAILED'],
      [2, false, 'DELIVERY_FAILED'],
      [3, true, undefined],
    ]);
    // Equal jitter with random 0: half of 1000, then half of 2000.
    expect(clock.waits).toEqual([500, 1000]);
  });

  it('gives up after the attempts, and reports the last reason', async () => {
    const clock = instantClock();
    const channel = scriptedChannel([transient(), transient(), transient()]);
    const report = await deliverWithRetry(channel, delivery, { clock, attempts: 3 });
    expect(report).toMatchObject({ channel: 'webhook', ok: false });
    expect(report.attempts).toHaveLength(3);
    expect(report.attempts[2]).toMatchObject({ reason: 'webhook x: answered HTTP 500', retryable: true });
  });

  it('does not retry a permanent failure, nor anything that is not a DeliveryError', async () => {
    const permanent = scriptedChannel([new DeliveryError('DELIVERY_FAILED', 'smtp: authentication failed')]);
    const report = await deliverWithRetry(permanent, delivery, { clock: instantClock() });
    expect(report.attempts).toHaveLength(1);
    const buggy = scriptedChannel([new TypeError('boom')]);
    const buggyReport = await deliverWithRetry(buggy, delivery, { clock: instantClock() });
    expect(buggyReport.attempts).toEqual([
      expect.objectContaining({ ok: false, code: 'DELIVERY_FAILED', reason: 'boom', retryable: false }),
    ]);
  });

  it('tells each attempt without the doorcode or the link', async () => {
    const lines: string[] = [];
    await deliverWithRetry(scriptedChannel([transient()]), delivery, {
      clock: instantClock(),
      onAttempt: (attempt) => lines.push(describeAttempt(delivery, attempt)),
    });
    expect(lines).toEqual([
      'Delivery of key "Apartment 3, stay 11-14 Jan" (key-1) for Anna Kowalska by webhook (attempt 1): failed: DELIVERY_FAILED webhook x: answered HTTP 500',
      'Delivery of key "Apartment 3, stay 11-14 Jan" (key-1) for Anna Kowalska by webhook (attempt 2): delivered',
    ]);
    expect(lines.join('\n')).not.toContain('384756');
    expect(lines.join('\n')).not.toContain('AbC123');
  });

  it('the event channel hands the full delivery, code included, to the emitter', async () => {
    const seen: Delivery[] = [];
    const report = await deliverWithRetry(
      eventChannel((payload) => seen.push(payload)),
      delivery,
      {
        clock: instantClock(),
      },
    );
    expect(report.ok).toBe(true);
    expect(seen[0]?.doorcode).toBe('384756');
  });
});
