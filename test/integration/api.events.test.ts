/**
 * The event stream: numbered events, resumed with Last-Event-ID after a disconnect (nothing missed, nothing
 * twice), deliveries and key changes without doorcodes or links, filtered by the application's lock rights.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';
import { pinsOn } from '../helpers/keyService.js';
import { openSse } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2, speed: 10 });
let doors: number[];

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
});

describe('event stream', () => {
  it('resumes after a disconnect with Last-Event-ID: the missed events once, in order', async () => {
    const fx = await startApi(env);
    const key = fx.keyFor('team');
    const call = fx.client(key);
    const first = await openSse(`${fx.url}/api/v1/events`, key);
    await call('POST', `/api/v1/locks/${doors[0]}/unlock`);
    const seen = await first.next((event) => event.event === 'commandFinished');
    first.close();
    // While disconnected: a second command and its events.
    const second = await call('POST', `/api/v1/locks/${doors[1]}/unlock`);
    const secondId = (second.body.command as { id: string }).id;
    await fx.hub.command(doors[1]!, 'unlock').result;
    const resumed = await openSse(`${fx.url}/api/v1/events`, key, { 'last-event-id': seen.id! });
    const missed = await resumed.next(
      (event) => event.event === 'commandFinished' && (event.data.command as { id: string }).id === secondId,
    );
    const ids = resumed.events.map((event) => Number(event.id));
    expect(ids[0]).toBe(Number(seen.id) + 1);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Number(missed.id)).toBeGreaterThan(Number(seen.id));
    resumed.close();
  });

  it('an id older than the ring gets a reset event', async () => {
    const fx = await startApi(env);
    const key = fx.keyFor('viewer');
    await fx.client(fx.keyFor('team'))('POST', `/api/v1/locks/${doors[0]}/unlock`);
    const stream = await openSse(`${fx.url}/api/v1/events?lastEventId=0`, key);
    // Id 0 is before everything: all kept events follow (the ring holds them from 1).
    await stream.next((event) => event.event === 'commandStarted');
    stream.close();
    // Push the ring past its size, then ask for an id it no longer holds.
    for (let i = 0; i < 260; i++) {
      fx.hub.context.bus.emit('healthChanged', { state: 'ok' });
      fx.hub.context.bus.emit('healthChanged', { state: 'degraded', reason: 'test' });
    }
    const late = await openSse(`${fx.url}/api/v1/events`, key, { 'last-event-id': '1' });
    await late.next((event) => event.event === 'reset');
    late.close();
  });

  it('key changes and deliveries carry no doorcode; deliveries no contact or message; limited applications see only their locks', async () => {
    const fx = await startApi(env);
    const key = fx.keyFor('team');
    const limitedKey = fx.keyFor('team', [String(doors[1])]);
    const stream = await openSse(`${fx.url}/api/v1/events`, key);
    const limited = await openSse(`${fx.url}/api/v1/events`, limitedKey);
    const issued = await fx.client(key)('POST', '/api/v1/keys', {
      body: {
        name: 'Stay',
        persons: [{ name: 'Ann', email: 'ann@example.com' }, { name: 'Ben' }],
        doors: [doors[0]],
        credentials: { doorcode: true },
      },
    });
    expect(issued.status).toBe(201);
    const delivery = await stream.next((event) => event.event === 'delivery');
    await stream.next((event) => event.event === 'keyChanged');
    expect(delivery.data).toMatchObject({
      key: { id: issued.body.id },
      person: { name: 'Ann' },
      hasDoorcode: true,
    });
    const code = pinsOn(env, doors[0]!)[0]!.pin;
    const everything = JSON.stringify(stream.events);
    expect(everything).not.toContain(code);
    const deliveries = JSON.stringify(stream.events.filter((event) => event.event === 'delivery'));
    expect(deliveries).not.toContain('ann@example.com');
    expect(deliveries).not.toContain('"message"');
    // The limited application saw neither (the key is on a door it may not use); it does see its own door.
    await fx.client(key)('POST', `/api/v1/locks/${doors[1]}/unlock`);
    await limited.next((event) => event.event === 'commandFinished');
    expect(limited.events.map((event) => event.event)).not.toContain('delivery');
    expect(limited.events.map((event) => event.event)).not.toContain('keyChanged');
    stream.close();
    limited.close();
  });
});

describe('event stream limit', () => {
  it('one stream over the limit answers 503 STREAMS_FULL; a closed one frees its place; close is prompt', async () => {
    const fx = await startApi(env, { server: { maxEventStreams: 2 } });
    const key = fx.keyFor('viewer');
    const streams = [
      await openSse(`${fx.url}/api/v1/events`, key),
      await openSse(`${fx.url}/api/v1/events`, key),
    ];
    const full = await fx.client(key)('GET', '/api/v1/events');
    expect(full.status).toBe(503);
    expect(full.body.error?.code).toBe('STREAMS_FULL');
    expect(full.headers.get('retry-after')).toBe('5');
    streams[0]!.close();
    const again = await waitFor(async () => {
      const stream = await openSse(`${fx.url}/api/v1/events`, key);
      if (stream.status === 200) return stream;
      stream.close();
      return undefined;
    });
    again.close();
    streams[1]!.close();
    // Closing ends what is left at once (Node's keep-alive timeout is 5 s), so a host stops within its deadline.
    const closing = Date.now();
    await fx.server.close();
    expect(Date.now() - closing).toBeLessThan(3000);
  });
});
