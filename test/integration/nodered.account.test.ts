/**
 * The `tedee-account` config node on Node-RED 5 and 4 against the emulator: the hub it owns, its health as
 * the other nodes see it, credentials kept out of the flow, close and redeploy without leaks, and the
 * "Test key" admin endpoint.
 */
import { describe, expect, it } from 'vitest';
import type { HealthStatus } from '../../src/core/index.js';
import type { AccountNode } from '../../src/node-red/account.js';
import registerAccount from '../../src/node-red/account.js';
import { useEmulator } from '../helpers/emulator.js';
import { NODE_RED_RUNTIMES, activeResources, trackTimers, useNodeRed } from '../helpers/nodeRed.js';
import { waitFor } from '../helpers/wait.js';

// Every test starts a fresh hub, and each reads the lock list once: more than Tedee's 10 lock list reads per
// 10 minutes, which a real flow (one hub per deploy) never comes near.
const env = useEmulator({ lockListPer10Minutes: 1000 });

function accountFlow(settings: Record<string, unknown> = {}): object[] {
  return [{ id: 'acc', type: 'tedee-account', name: 'Home', apiUrl: env.url, pollInterval: 10, ...settings }];
}

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);

  it('runs on the chosen runtime', async () => {
    await helper.load(registerAccount, accountFlow(), { acc: { personalAccessKey: env.key } });
    expect(helper._RED.version()).toMatch(runtime === 'node-red' ? /^5\./ : /^4\./);
  });

  it('starts one hub that reaches ok, and keeps the key out of the flow', async () => {
    await helper.load(registerAccount, accountFlow(), { acc: { personalAccessKey: env.key } });
    const account = helper.getNode('acc') as AccountNode;
    const seen: HealthStatus[] = [];
    account.watchHealth((health) => seen.push(health));
    await waitFor(() => account.health().state === 'ok', 15_000, 'health ok');
    expect(seen[0]!.state).toBe('starting');
    expect(seen.at(-1)).toEqual({ state: 'ok' });
    expect(account.hub!.locks().length).toBeGreaterThan(0);
    expect(account.role).toBe('owner');
    expect(JSON.stringify(helper._redNodes.getFlows())).not.toContain(env.key);
  });

  it('reports a rejected key as failed with its code', async () => {
    await helper.load(registerAccount, accountFlow(), { acc: { personalAccessKey: 'bad.key1234567' } });
    const account = helper.getNode('acc') as AccountNode;
    await waitFor(() => account.health().state === 'failed', 15_000, 'health failed');
    expect(account.health().code).toBe('AUTH_INVALID');
  });

  it('names the field of a bad setting and starts no hub', async () => {
    await helper.load(registerAccount, accountFlow({ apiUrl: 'nope', role: 'boss' }), {
      acc: { personalAccessKey: env.key },
    });
    const account = helper.getNode('acc') as AccountNode;
    expect(account.hub).toBeUndefined();
    expect(account.health()).toMatchObject({ state: 'failed', code: 'CONFIG_INVALID' });
    expect(account.health().reason).toMatch(/role: "boss" is not a role/);
    expect(account.health().reason).toMatch(/apiUrl: must be an http/);
  });

  it('keeps its hub through a partial redeploy of other nodes', async () => {
    const flow = [...accountFlow(), { id: 'other', type: 'helper', name: 'one' }];
    await helper.load(registerAccount, flow, { acc: { personalAccessKey: env.key } });
    const hub = (helper.getNode('acc') as AccountNode).hub!;
    await hub.ready();
    await helper.setFlows([...accountFlow(), { id: 'other', type: 'helper', name: 'two' }], 'nodes');
    expect((helper.getNode('acc') as AccountNode).hub).toBe(hub);
    expect(hub.health.state).toBe('ok');
  });

  it('leaves no timers or sockets behind after close', async () => {
    const sockets = () => activeResources().get('TCPSocketWrap') ?? 0;
    const socketsBefore = sockets();
    const timers = trackTimers();
    try {
      await helper.load(registerAccount, accountFlow(), { acc: { personalAccessKey: env.key } });
      await (helper.getNode('acc') as AccountNode).hub!.ready();
      // The measure sees the hub: its next poll is a pending timer.
      await waitFor(() => timers.pending() > 0, 10_000, 'the poll timer');
      await helper.unload();
      expect(timers.pending()).toBe(0);
      // Idle keep-alive sockets close within the emulator's keep-alive timeout (5 s).
      await waitFor(() => sockets() <= socketsBefore, 15_000, 'the sockets to close');
    } finally {
      timers.stop();
    }
    // afterEach unloads again; loading an empty flow keeps that harmless.
    await helper.load(registerAccount, []);
  });

  describe('Test key endpoint', () => {
    it('lists the scopes and locks of a key and never returns the key', async () => {
      await helper.load(registerAccount, accountFlow(), { acc: { personalAccessKey: env.key } });
      const answer = await helper
        .request()
        .post('/tedee-account/test-key')
        .send({ personalAccessKey: env.key, apiUrl: env.url });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, keyPrefix: env.key.split('.')[0] });
      const body = answer.body as { scopes: string[]; locks: { serialNumber: string }[] };
      expect(body.scopes).toContain('Lock.Operate');
      expect(body.locks.length).toBe(3);
      expect(body.locks[0]!.serialNumber).toEqual(expect.any(String));
      expect(answer.text).not.toContain(env.key);
    });

    it('uses the stored key when the editor sends the password placeholder', async () => {
      await helper.load(registerAccount, accountFlow(), { acc: { personalAccessKey: env.key } });
      const answer = await helper
        .request()
        .post('/tedee-account/test-key')
        .send({ id: 'acc', personalAccessKey: '__PWRD__', apiUrl: env.url });
      expect(answer.body).toMatchObject({ ok: true });
      expect(answer.text).not.toContain(env.key);
    });

    it('answers a rejected key with its code, and a missing key with the field', async () => {
      await helper.load(registerAccount, accountFlow(), { acc: { personalAccessKey: env.key } });
      const rejected = await helper
        .request()
        .post('/tedee-account/test-key')
        .send({ personalAccessKey: 'bad.key1234567', apiUrl: env.url });
      expect(rejected.body).toMatchObject({ ok: false, code: 'AUTH_INVALID' });
      expect(rejected.text).not.toContain('bad.key1234567');
      const missing = await helper.request().post('/tedee-account/test-key').send({ apiUrl: env.url });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ ok: false, code: 'CONFIG_INVALID' });
      expect((missing.body as { reason: string }).reason).toMatch(/^personalAccessKey: missing/);
    });
  });
});
