/**
 * Every flow of examples/ on the real Node-RED 5 and 4, loaded from the packed package: `npm pack`, `npm
 * install` of the tarball into a fresh user dir, `red.js` as a child process against the emulator. Each
 * example is deployed through the admin API with only the account's API URL and key changed, triggered as a
 * user would (the inject button, an HTTP call, a door opened at the emulator) and its effect checked in the
 * emulator. One Node-RED process per runtime serves every example (a full deploy replaces the last one).
 * Needs dist/ (npx tsc -p tsconfig.build.json).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { NODE_RED_RUNTIMES } from '../helpers/nodeRed.js';
import type { RunningNodeRed } from '../helpers/nodeRedProcess.js';
import { processAlive, startNodeRed } from '../helpers/nodeRedProcess.js';
import type { InstalledPackage } from '../helpers/packedPackage.js';
import { PACKAGE_NAME, packAndInstall } from '../helpers/packedPackage.js';
import { exampleFlow, exampleNames } from '../helpers/nodeRedExamples.js';
import { waitFor } from '../helpers/wait.js';
import { exampleChecks } from '../helpers/nodeRedExampleChecks.js';

const LOCKED = 6;
const UNLOCKED = 2;

let installed: InstalledPackage;
beforeAll(() => {
  installed = packAndInstall();
}, 120_000);
afterAll(() => installed?.remove());

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  // One emulator per runtime, since tests move its time forward. Every deploy starts a fresh hub, which reads
  // the lock list once (Tedee allows 10 reads per 10 minutes). Five times faster than real time: a door
  // takes 1 to 3 emulated seconds to move, which the night lock's commands would otherwise wait for.
  const env = useEmulator({ locks: 3, lockListPer10Minutes: 1000, speed: 5 });
  let red: RunningNodeRed;
  beforeAll(async () => {
    red = await startNodeRed(runtime, installed);
  }, 90_000);
  afterAll(async () => {
    if (!red) return;
    const pid = red.pid;
    expect(await red.stop()).toBe(0);
    expect(processAlive(pid)).toBe(false);
  }, 30_000);
  beforeEach(async () => {
    await red.deploy([]);
    await env.control.reset();
    red.clearDebug();
    red.statuses.clear();
  });

  /** Deploys examples/<name>.json with the emulator's URL and key; waits for `readyNode` to show the account ok. */
  async function deployExample(name: string, readyNode?: string) {
    await red.deploy(exampleFlow(name, { apiUrl: env.url, personalAccessKey: env.key }));
    if (readyNode)
      await waitFor(
        () => red.statuses.get(readyNode)?.text === 'ok',
        30_000,
        `${readyNode} showing the account ok`,
      );
  }

  it('runs the packaged nodes of the installed tarball and lists its examples under Import > Examples', async () => {
    expect(red.version).toMatch(runtime === 'node-red' ? /^5\./ : /^4\./);
    for (const name of exampleNames()) expect(installed.files).toContain(`examples/${name}.json`);
    const sets = (await (await red.http('/nodes', { headers: { Accept: 'application/json' } })).json()) as {
      module: string;
      types: string[];
      err?: string;
    }[];
    const ours = sets.filter((set) => set.module === PACKAGE_NAME);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((set) => set.err)).toEqual([]);
    // Import > Examples lists the module's flows, every file of examples/ and nothing else.
    const listed = (await (await red.http(`/library/examples/flows/${PACKAGE_NAME}`)).json()) as {
      fn: string;
    }[];
    expect(listed.map((entry) => entry.fn)).toEqual(exampleNames());
  });

  it('night lock: at 23:00 locks every unlocked door and reports which were open; a refused door goes to Catch with its code', async () => {
    const [front, back, side] = await env.control.locks();
    await env.control.patchLock(front!.id, { state: UNLOCKED });
    await env.control.patchLock(back!.id, { state: UNLOCKED });
    // The side door's lock answers 409 (busy) to every lock command: the report and Catch say DEVICE_BUSY.
    await env.control.patchLock(side!.id, { state: UNLOCKED });
    await env.control.addFault({ method: 'POST', path: `^/my/lock/${side!.id}/operation/lock`, status: 409 });
    await deployExample('night-lock', 'night-lock-doors');

    await red.inject('night-lock-at-23');
    const report = (await red.waitForDebug('night-lock-report-out')) as {
      checked: number;
      locked: { door: string; was: string }[];
      failed: { door: string; code: string }[];
      text: string;
    };
    expect(report.checked).toBe(3);
    expect(report.locked.map((door) => door.door).sort()).toEqual([front!.name, back!.name].sort());
    expect(report.locked.every((door) => door.was === 'unlocked')).toBe(true);
    expect(report.failed).toEqual([expect.objectContaining({ door: side!.name, code: 'DEVICE_BUSY' })]);
    expect(report.text).toContain(`Locked: `);
    expect((await env.control.lock(front!.id)).state).toBe(LOCKED);
    expect((await env.control.lock(back!.id)).state).toBe(LOCKED);
    expect((await env.control.lock(side!.id)).state).toBe(UNLOCKED);
    const error = (await red.waitForDebug('night-lock-errors')) as { code: string; source: { id: string } };
    expect(error).toMatchObject({ code: 'DEVICE_BUSY', source: { id: 'night-lock-doors' } });

    // The next night every door but the busy one is locked: nothing to do for them, the report says so.
    red.clearDebug();
    await red.inject('night-lock-at-23');
    const next = (await red.waitForDebug('night-lock-report-out')) as typeof report;
    expect(next).toMatchObject({
      checked: 3,
      locked: [],
      failed: [{ door: side!.name, code: 'DEVICE_BUSY' }],
    });
  });

  const checks = () => exampleChecks(env, red, deployExample);

  it(
    'door activity: a keypad entry shows as who opened which door',
    async () => await checks().doorActivity(),
    90_000,
  );

  it(
    'guest stay: the booking webhook issues a smart key and a doorcode on two doors for the stay, sends the message, and checkout revokes them',
    async () => await checks().guestStay(),
    90_000,
  );

  it(
    'cleaning staff: a key issued with the Mon-Fri 09:00-15:00 profile opens in its hours, and the light goes on at 09:00',
    async () => await checks().cleaningStaff(),
    90_000,
  );
});
