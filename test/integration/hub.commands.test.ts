/** The command pipeline against the emulator: confirmation, dedupe, serialisation, refusals, failures. */
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { eventsOf, startHub, startHubWithRevokedKey } from '../helpers/hub.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3, speed: 20 });

beforeEach(async () => {
  await env.control.reset();
});

async function requests(route: string): Promise<number> {
  return (await env.control.stats()).byRoute[route]?.count ?? 0;
}

describe('commands', () => {
  it('return at once with an id and end confirmed, with the confirmed state', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    const started = performance.now();
    const ticket = fixture.hub.command('Front Door', 'unlock');
    expect(performance.now() - started).toBeLessThan(20);
    expect(ticket).toMatchObject({ lockId: 101, action: 'unlock', joined: false });
    expect(ticket.id).toMatch(/^[0-9a-f-]{36}$/);
    const result = await ticket.result;
    expect(result).toMatchObject({ outcome: 'confirmed', command: { id: ticket.id } });
    expect(result.lock?.status.state).toBe('unlocked');
    expect(eventsOf(fixture, 'commandFinished')).toEqual([result]);
    expect(fixture.hub.lock(101)?.status.state).toBe('unlocked');
    const lockResult = await fixture.hub.command(101, 'lock').result;
    expect(lockResult.outcome).toBe('confirmed');
    expect((await env.control.lock(101)).state).toBe(6);
  });

  it('ten identical open requests join one command and pull the spring once', async () => {
    await env.control.patchLock(101, { state: 2 });
    const fixture = startHub(env);
    await fixture.hub.ready();
    const tickets = Array.from({ length: 10 }, () => fixture.hub.command('Front Door', 'open'));
    expect(new Set(tickets.map((ticket) => ticket.id)).size).toBe(1);
    expect(tickets.filter((ticket) => ticket.joined)).toHaveLength(9);
    expect((await tickets[9]!.result).outcome).toBe('confirmed');
    expect(await requests('POST /my/lock/{id}/operation/pull')).toBe(1);
    expect(eventsOf(fixture, 'commandFinished')).toHaveLength(1);
  });

  it('a request after the window or after another command is sent again', async () => {
    const fixture = startHub(env, { dedupeWindow: 1 });
    await fixture.hub.ready();
    const first = fixture.hub.command(102, 'unlock');
    const second = fixture.hub.command(102, 'lock');
    const third = fixture.hub.command(102, 'unlock');
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    const outcomes = await Promise.all([first.result, second.result, third.result]);
    expect(outcomes.map((result) => result.outcome)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect((await env.control.lock(102)).state).toBe(2);
  });

  it('serialises commands per lock: the second starts after the first finished', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    const first = fixture.hub.command(101, 'unlock');
    const second = fixture.hub.command(101, 'lock');
    await second.result;
    const order = fixture.events
      .filter((entry) => entry.event === 'commandStarted' || entry.event === 'commandFinished')
      .map((entry) => `${entry.event}:${(entry.payload as { command: { id: string } }).command.id}`);
    expect(order).toEqual([
      `commandStarted:${first.id}`,
      `commandFinished:${first.id}`,
      `commandStarted:${second.id}`,
      `commandFinished:${second.id}`,
    ]);
  });

  it('open on a locked lock unlocks it first (without auto pull), then pulls once', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    const result = await fixture.hub.command('Front Door', 'open').result;
    expect(result.outcome).toBe('confirmed');
    expect(await requests('POST /my/lock/{id}/operation/unlock')).toBe(1);
    expect(await requests('POST /my/lock/{id}/operation/pull')).toBe(1);
    const unlockEvents = (await env.control.lock(101)).deviceSettings.autoPullSpringEnabled;
    expect(unlockEvents).toBe(false);
  });

  it('uses the configured unlock mode', async () => {
    const fixture = startHub(env, { locks: [{ name: 'Front Door', unlockMode: 3 }] });
    await fixture.hub.ready();
    await env.control.patchLock(101, { autoPullSpringEnabled: true });
    await fixture.hub.command('Front Door', 'unlock').result;
    const events = (await (
      await fetch(`${env.url}/api/v37/my/deviceactivity?deviceId=101`, {
        headers: { Authorization: `PersonalKey ${env.key}` },
      })
    ).json()) as {
      result: { event: number }[];
    };
    expect(events.result.map((event) => event.event)).toEqual([33]);
  });
});

describe('refusals without calling the cloud', () => {
  async function expectRefused(
    settings: Parameters<typeof startHub>[1],
    reference: string,
    action: 'lock' | 'unlock' | 'open',
    code: string,
    setup?: () => Promise<unknown>,
  ) {
    await setup?.();
    const fixture = startHub(env, settings);
    await fixture.hub.ready();
    const before = (await env.control.stats()).total;
    let thrown: unknown;
    try {
      fixture.hub.command(reference, action);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code });
    expect((thrown as Error).message.length).toBeGreaterThan(20);
    expect((await env.control.stats()).total).toBe(before);
  }

  it('when the lock is offline', () =>
    expectRefused({}, 'Garage', 'unlock', 'LOCK_OFFLINE', () =>
      env.control.patchLock(103, { connected: false }),
    ));
  it('when unlocking is disabled (lock-only)', () =>
    expectRefused(
      { locks: [{ name: 'Garage', allowUnlock: false }] },
      'Garage',
      'unlock',
      'ACTION_DISABLED',
    ));
  it('lock-only also refuses open', () =>
    expectRefused({ locks: [{ name: 'Garage', allowUnlock: false }] }, 'Garage', 'open', 'ACTION_DISABLED'));
  it('when opening is disabled', () =>
    expectRefused(
      { locks: [{ serialNumber: '20420103-000001', allowOpen: false }] },
      'Front Door',
      'open',
      'ACTION_DISABLED',
    ));
  it('when pull spring is not enabled on the lock', () =>
    expectRefused({}, 'Front Door', 'open', 'PULL_SPRING_DISABLED', () =>
      env.control.patchLock(101, { pullSpringEnabled: false }),
    ));
  it('when the key lacks Lock.Operate', async () => {
    const key = await env.control.createKey({ scopes: ['Device.Read', 'Account.Read'] });
    await expectRefused({ personalAccessKey: key.key }, 'Front Door', 'lock', 'SCOPE_MISSING');
  });
  it('for an unknown lock', () => expectRefused({}, 'Attic', 'lock', 'UNKNOWN_LOCK'));

  it('a lock-only lock still locks', async () => {
    const fixture = startHub(env, { locks: [{ name: 'Garage', allowUnlock: false }] });
    await fixture.hub.ready();
    await env.control.patchLock(103, { state: 2 });
    await waitFor(() => fixture.hub.lock(103)?.status.state === 'unlocked');
    expect((await fixture.hub.command('Garage', 'lock').result).outcome).toBe('confirmed');
  });
});

describe('failed and timed-out commands', () => {
  it('a jam ends the command failed, naming the jam', async () => {
    await env.control.patchLock(102, { state: 2, jamNext: true });
    const fixture = startHub(env);
    await fixture.hub.ready();
    const result = await fixture.hub.command(102, 'lock').result;
    expect(result).toMatchObject({ outcome: 'failed', reason: 'the lock jammed' });
    expect(fixture.hub.lock(102)?.status.state).toBe('jammed');
  });

  it('an uncalibrated lock accepts the command but does not move: failed', async () => {
    await env.control.patchLock(102, { state: 0 });
    const fixture = startHub(env);
    await fixture.hub.ready();
    const result = await fixture.hub.command(102, 'unlock').result;
    expect(result).toMatchObject({ outcome: 'failed', reason: 'the lock reports unknown after the command' });
  });

  it('ends in timeout when the operation never completes', async () => {
    const fixture = startHub(env, { commandTimeout: 5 });
    await fixture.hub.ready();
    await env.control.setFaults([{ path: '/my/device/operation/', status: 503 }]);
    const result = await fixture.hub.command(101, 'unlock').result;
    expect(result).toMatchObject({
      outcome: 'timeout',
      code: 'COMMAND_TIMEOUT',
      reason: 'the lock did not confirm within 5 s',
    });
  });

  it('a cloud refusal ends the command failed with the reason', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/unlock', status: 409 }]);
    const result = await fixture.hub.command(101, 'unlock').result;
    expect(result.outcome).toBe('failed');
    expect(result.reason).toContain('Another request for this device');
  });

  it('after a 403 for Lock.Operate, later commands are refused locally', async () => {
    const key = await env.control.createKey({ scopes: ['Device.Read'] });
    const fixture = startHub(env, { personalAccessKey: key.key });
    await fixture.hub.ready();
    const first = await fixture.hub.command(101, 'unlock').result;
    expect(first.outcome).toBe('failed');
    expect(() => fixture.hub.command(101, 'lock')).toThrow(
      expect.objectContaining({ code: 'SCOPE_MISSING' }) as Error,
    );
  });
});

describe('found in review', () => {
  it('a 403 for one lock (remote access off) does not block the other locks when the key has Lock.Operate', async () => {
    const key = await env.control.createKey({ scopes: ['Device.Read', 'Lock.Operate', 'Account.Read'] });
    const fixture = startHub(env, { personalAccessKey: key.key });
    await fixture.hub.ready();
    await env.control.patchLock(102, { accessLevel: 0, remoteAccessDisabled: true });
    expect((await fixture.hub.command(102, 'unlock').result).outcome).toBe('failed');
    expect((await fixture.hub.command(101, 'unlock').result).outcome).toBe('confirmed');
  });

  it('stop() ends queued commands without sending them', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    const first = fixture.hub.command(101, 'unlock');
    const second = fixture.hub.command(101, 'lock');
    await first.accepted;
    await fixture.hub.stop();
    expect(await second.result).toMatchObject({
      outcome: 'failed',
      code: 'HUB_STOPPED',
      reason: 'the hub stopped before the command could run',
    });
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']).toBeUndefined();
  });

  it('a command after an open waits for the latch to return instead of failing as busy', async () => {
    await env.control.patchLock(101, { state: 2, pullSpringDuration: 5 });
    const fixture = startHub(env);
    await fixture.hub.ready();
    const open = fixture.hub.command(101, 'open');
    const lock = fixture.hub.command(101, 'lock');
    expect((await open.result).outcome).toBe('confirmed');
    expect(await lock.result).toMatchObject({ outcome: 'confirmed' });
  });

  it('a failed command is not joined: the same request right after it is sent again', async () => {
    const fixture = startHub(env);
    await fixture.hub.ready();
    await env.control.setFaults([{ path: 'operation/unlock', status: 409, count: 1 }]);
    const first = fixture.hub.command(101, 'unlock');
    expect((await first.result).outcome).toBe('failed');
    const retry = fixture.hub.command(101, 'unlock');
    expect(retry.joined).toBe(false);
    expect((await retry.result).outcome).toBe('confirmed');
  });

  it('once every key is rejected, commands are refused without a request', async () => {
    const fixture = await startHubWithRevokedKey(env);
    expect(() => fixture.hub.command(101, 'lock')).toThrow(
      expect.objectContaining({ code: 'AUTH_INVALID' }) as Error,
    );
  });

  it('the hub object never shows the keys', async () => {
    const secondary = await env.control.createKey();
    const fixture = startHub(env, { secondaryAccessKey: secondary.key });
    await fixture.hub.ready();
    const { inspect } = await import('node:util');
    const shown =
      inspect(fixture.hub, { depth: 12, showHidden: true }) + JSON.stringify(fixture.hub.settings);
    expect(shown).not.toContain(env.key.split('.')[1]);
    expect(shown).not.toContain(secondary.key.split('.')[1]);
    expect(fixture.hub.settings.personalAccessKey).toBe(`${env.key.split('.')[0]}.***`);
  });
});
