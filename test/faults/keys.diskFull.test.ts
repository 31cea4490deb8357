/**
 * Key issuance when the disk holding the key store is full. A real full disk: the issuer
 * (test/fixtures/keyIssuer.mjs) runs in its own user and mount namespace (`unshare -rm`) with its data folder on
 * a 1 MiB tmpfs, and the test fills that tmpfs (through /proc/<pid>/root) at the chosen moment, so SQLite's
 * writes fail with ENOSPC (SQLITE_FULL) as on a full disk. When the issuer has exited, its folder is copied out
 * of the tmpfs (the user freed space) and the service restarts on it.
 * - Full before issuing: STORE_FULL before any cloud write.
 * - Full while the second PIN is on its way: STORE_FULL, nothing written after it; restarted, cloud and store
 *   agree.
 * Skipped where unprivileged user namespaces are not allowed (unshare -rm fails), as on some CI kernels.
 * Run `npx tsc -p tsconfig.build.json` first.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { expectCloudMatchesStore } from '../helpers/keyFaults.js';
import { spawnIssuer, type IssuerProcess } from '../helpers/keyIssuerProcess.js';
import { pinsOn, restartKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const namespaces = spawnSync('unshare', ['-rm', 'true']).status === 0;

const env = useEmulator({ locks: 3 });
let doors: number[];
let dataDir: string;

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
  dataDir = mkdtempSync(join(tmpdir(), 'keys-full-'));
  mkdirSync(join(dataDir, 'disk'));
  mkdirSync(join(dataDir, 'after'));
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** The issuer with its data folder on a 1 MiB tmpfs; its folder copied to `after/` when it has exited. */
function issueOnSmallDisk(waitForGo: boolean): IssuerProcess {
  const script =
    'mount -t tmpfs -o size=1m tmpfs "$0/disk" || exit 97; "$@"; status=$?; cp -a "$0/disk/." "$0/after/"; exit $status';
  return spawnIssuer(env, join(dataDir, 'disk'), request(), {
    wrap: ['unshare', '-rm', 'sh', '-c', script, dataDir],
    waitForGo,
  });
}

/** Fills the issuer's tmpfs to the last byte, as seen from outside its namespace. */
function fillDisk(issuer: IssuerProcess): void {
  const filler = join(`/proc/${issuer.child.pid}/root`, dataDir, 'disk', 'filler');
  const chunk = Buffer.alloc(4096);
  for (let offset = 0; ; offset += chunk.length) {
    try {
      writeFileSync(filler, chunk, { flag: offset === 0 ? 'w' : 'a' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw error;
    }
  }
}

const request = () => ({
  name: 'Stay 14',
  persons: [{ name: 'Ann Smith', email: 'ann@example.com' }],
  doors,
  credentials: { doorcode: true, appkey: true, smartkey: true },
});

function refusal(output: string): string {
  return output.split('\n').find((line) => line.startsWith('refused')) ?? output;
}

async function cloudWrites(): Promise<string[]> {
  return (await env.control.requests())
    .filter((entry) => entry.method !== 'GET')
    .map((entry) => `${entry.method} ${entry.route}`);
}

const restartOnCopy = () => restartKeyService(env, join(dataDir, 'after'));

describe.skipIf(!namespaces)('the disk holding the key store is full (needs unshare -rm)', () => {
  it('full before issuing: STORE_FULL, no cloud write', async () => {
    const issuer = issueOnSmallDisk(true);
    await waitFor(() => issuer.output().includes('ready'), 20_000, 'the issuer ready');
    await env.control.resetStats();
    fillDisk(issuer);
    issuer.go();
    expect((await issuer.exited).code).toBe(0);
    expect(refusal(issuer.output())).toMatch(/^refused STORE_FULL The disk holding the key store .* is full/);
    expect(await cloudWrites()).toEqual([]);

    const fx = await restartOnCopy();
    expect(fx.service.list()).toEqual([]);
    expectCloudMatchesStore(env, fx.store, doors);
  });

  it('full while the second PIN is on its way: nothing written after it; restarted, cloud and store agree', async () => {
    await env.control.addFault({ method: 'POST', path: `^/my/lock/${doors[1]}/pin$`, latencyMs: 2_000 });
    const issuer = issueOnSmallDisk(false);
    // Landed, with its answer 2 s away: the journal has its intent, the cloud id comes with the answer.
    await waitFor(() => pinsOn(env, doors[1]!).length === 1, 20_000, 'the second PIN landed');
    fillDisk(issuer);
    expect((await issuer.exited).code).toBe(0);
    expect(refusal(issuer.output())).toMatch(/^refused STORE_FULL/);
    expect(await cloudWrites()).toEqual(['POST /my/lock/{id}/pin', 'POST /my/lock/{id}/pin']);

    const fx = await restartOnCopy();
    expect(fx.service.list().map((key) => key.status)).toEqual(['active']);
    expectCloudMatchesStore(env, fx.store, doors);
    expect(await fx.service.reconcile()).toEqual([]);
  });
});
