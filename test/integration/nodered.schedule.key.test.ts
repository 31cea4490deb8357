/**
 * The `tedee-schedule` node watching a key of the account's key store (Node-RED 5 and 4, the emulator over
 * HTTP): the key's window once the key service runs, read again when the key changes, an unknown key and a
 * revoked one named and handed to a real Catch node, and a key without an account refused.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Key, KeyServiceApi } from '../../src/core/index.js';
import type { AccountNode } from '../../src/node-red/account.js';
import registerAccount from '../../src/node-red/account.js';
import { useEmulator } from '../helpers/emulator.js';
import { NODE_RED_RUNTIMES, useNodeRed } from '../helpers/nodeRed.js';
import { freshDataDir, periodAroundNow } from '../helpers/nodeRedKeys.js';
import { scheduleFlow, useScheduleHarness } from '../helpers/nodeRedSchedule.js';
import { waitFor } from '../helpers/wait.js';

// Each test starts a fresh hub, which reads the lock list once (Tedee allows 10 reads per 10 minutes).
const env = useEmulator({ locks: 1, lockListPer10Minutes: 1000 });
const ZONE = 'Europe/Warsaw';
const BY = { issuer: 'test', role: 'owner' as const };
let door: { id: number; serialNumber: string };

beforeEach(async () => {
  await env.control.reset();
  door = (await env.control.locks())[0]!;
  await env.control.patchLock(door.id, { keypad: true });
});

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  const helper = useNodeRed(runtime);
  const h = useScheduleHarness(helper, runtime);

  function keyFlow(dataDir: string, key: string): object[] {
    const account = { id: 'acc', type: 'tedee-account', apiUrl: env.url, pollInterval: 10, dataDir };
    return scheduleFlow(undefined, { account: 'acc', key }, [account]);
  }

  /** Deploys with the schedule node on `key`; the node's clock starts at the emulator's time. */
  async function deploy(dataDir: string, key: string): Promise<KeyServiceApi> {
    const start = new Date(env.emulator.clock.now()).toISOString();
    await h.deploy(keyFlow(dataDir, key), start, [registerAccount], { acc: { personalAccessKey: env.key } });
    return (helper.getNode('acc') as AccountNode).keyService();
  }

  async function issue(service: KeyServiceApi): Promise<Key> {
    return (await service.issue(
      {
        name: 'Cleaning',
        persons: [{ name: 'Ann' }],
        doors: [door.serialNumber],
        credentials: { doorcode: true },
        timeZone: ZONE,
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        hours: { from: '09:00', to: '15:00' },
        ...periodAroundNow(env, ZONE),
      },
      BY,
    )) as Key;
  }

  async function check(): Promise<{ inside: boolean; key: string; window: { from: string } | null }> {
    const before = h.inbox.answers.length;
    h.send({ payload: 'check' });
    await waitFor(() => h.inbox.answers.length > before, 5_000, 'the check answer');
    return h.inbox.answers.at(-1)!.msg.payload as { inside: boolean; key: string; window: { from: string } };
  }

  it("follows the key's window, reads it again when the key changes, and names it once revoked", async () => {
    const dataDir = freshDataDir();
    // An unknown key first: named once the key service runs, not while it starts.
    const service = await deploy(dataDir, 'no-such-key');
    await waitFor(() => h.inbox.caught.length > 0, 10_000, 'the unknown key at Catch');
    const unknown = (h.inbox.caught[0]!.msg as { error: { code: string; message: string } }).error;
    expect(unknown).toMatchObject({ code: 'KEY_NOT_FOUND' });
    expect(unknown.message).toMatch(/key: No key no-such-key/);

    const key = await issue(service);
    // A redeploy of the schedule node only: the account (and its key service) keeps running.
    await helper.setFlows(keyFlow(dataDir, key.id), 'nodes');
    await waitFor(() => h.statuses().at(-1)?.fill !== 'red', 10_000, 'the schedule node on the key');
    const answer = await check();
    expect(answer).toMatchObject({ key: key.id });
    expect(answer.window?.from).toMatch(/T09:00:00\.000\+0[12]:00$/);

    expect(h.statuses().at(-1)?.text).toMatch(/09:00|15:00/);
    await service.update(key.id, { hours: { from: '10:00', to: '11:00' } }, BY);
    // keyChanged: the node reads the key again and waits for its new hours.
    await waitFor(
      () => /10:00|11:00/.test(h.statuses().at(-1)?.text ?? ''),
      10_000,
      'the status on the new hours',
    );
    await waitFor(async () => (await check()).window?.from.includes('T10:00:00'), 10_000, 'the new hours');

    await service.revoke(key.id, BY);
    await waitFor(
      () =>
        h.inbox.caught.some(({ msg }) => (msg as { error: { code: string } }).error.code === 'KEY_INACTIVE'),
      10_000,
      'the revoked key at Catch',
    );
    expect(h.statuses().at(-1)?.fill).toBe('red');
    expect(h.statuses().at(-1)?.text).toMatch(/^key .*revoked/);
    expect(h.clock.pending).toBe(0);
  }, 60_000);

  it('refuses a key without an account, naming the field', async () => {
    await h.deploy(scheduleFlow(undefined, { key: 'k-1' }), '2026-11-30T07:00:00Z');
    await waitFor(() => h.inbox.caught.length > 0, 5_000, 'the error at Catch');
    const error = (h.inbox.caught[0]!.msg as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/account: needed to read key k-1/);
  });
});
