/**
 * Key issuance while another process holds the key store's write lock (a child process in `BEGIN IMMEDIATE`
 * on keys.db, as a second hub on the same data folder would): the issuer (test/fixtures/keyIssuer.mjs, busy
 * timeout 200 ms) is refused with STORE_LOCKED and a message that says what to do. Locked before the key is
 * saved: no cloud write at all. Locked while the second door's PIN is on its way: no cloud write after the
 * refusal, and after the lock is gone and the service restarts, the cloud and the store agree; or, with no
 * restart, the running service resumes the key by itself once the lock is gone.
 * Run `npx tsc -p tsconfig.build.json` first.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { KeyStore } from '../../src/core/keys/store.js';
import { useEmulator } from '../helpers/emulator.js';
import { expectCloudMatchesStore } from '../helpers/keyFaults.js';
import { intended, spawnIssuer } from '../helpers/keyIssuerProcess.js';
import { pinsOn, restartKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3 });
let doors: number[];
let dataDir: string;
const releases: (() => Promise<void>)[] = [];

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
  dataDir = mkdtempSync(join(tmpdir(), 'keys-locked-'));
});

afterEach(async () => {
  for (const release of releases.splice(0)) await release();
  rmSync(dataDir, { recursive: true, force: true });
});

const LOCKER = `
  import { DatabaseSync } from 'node:sqlite';
  import { createInterface } from 'node:readline';
  const db = new DatabaseSync(process.argv[1]);
  console.log('started');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'lock') { db.exec('BEGIN IMMEDIATE'); console.log('locked'); }
    else { db.exec('COMMIT'); db.close(); process.exit(0); }
  }
`;

/**
 * Another process that takes the store's write lock on `lock()` (started beforehand, so that taking the lock
 * is a matter of milliseconds, not of a process start) and lets it go on `release()`.
 */
async function startLocker(): Promise<{ lock: () => Promise<void>; release: () => Promise<void> }> {
  const locker = spawn(process.execPath, ['--input-type=module', '-e', LOCKER, join(dataDir, 'keys.db')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await once(locker.stdout, 'data');
  const release = async () => {
    if (locker.exitCode !== null) return;
    const exited = once(locker, 'exit');
    locker.stdin.write('release\n');
    await exited;
  };
  releases.push(release);
  const lock = async () => {
    const locked = once(locker.stdout, 'data');
    locker.stdin.write('lock\n');
    await locked;
  };
  return { lock, release };
}

/** The issuer with its store open, and the locker ready beside it; then the issuer goes. */
async function issuerReadyWithLocker(options: { waitForGo: true; untilSettled?: boolean }) {
  const issuer = spawnIssuer(env, dataDir, request(), options);
  await waitFor(() => issuer.output().includes('ready'), 20_000, 'the issuer ready');
  const locker = await startLocker();
  issuer.go();
  return { issuer, ...locker };
}

/** Cloud writes (not reads) the emulator answered. */
async function cloudWrites(): Promise<string[]> {
  return (await env.control.requests())
    .filter((entry) => entry.method !== 'GET')
    .map((entry) => `${entry.method} ${entry.route}`);
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

it('locked before issuing: STORE_LOCKED naming the other process, and no cloud write', async () => {
  const issuer = spawnIssuer(env, dataDir, request(), { waitForGo: true });
  await waitFor(() => issuer.output().includes('ready'), 20_000, 'the issuer ready');
  await env.control.resetStats();
  await (await startLocker()).lock();
  issuer.go();
  await issuer.exited;
  expect(refusal(issuer.output())).toMatch(
    /^refused STORE_LOCKED The key store .* is locked by another process/,
  );
  expect(refusal(issuer.output())).toContain('Stop the other hub');
  expect(await cloudWrites()).toEqual([]);
});

it('locked while the second PIN is on its way: nothing written after the refusal; restarted, cloud and store agree', async () => {
  // The second PIN lands at once and its answer comes 1.5 s later, when the store is locked.
  await env.control.addFault({ method: 'POST', path: `^/my/lock/${doors[1]}/pin$`, latencyMs: 1_500 });
  const { issuer, lock, release } = await issuerReadyWithLocker({ waitForGo: true });
  await waitFor(
    () => intended(dataDir, 'create', 'doorcode', doors[1]),
    20_000,
    'the second write in flight',
  );
  await lock();
  await issuer.exited;
  expect(refusal(issuer.output())).toMatch(/^refused STORE_LOCKED/);
  // What reached the cloud: the two PINs, nothing after them (no write the journal could not record).
  expect(await cloudWrites()).toEqual(['POST /my/lock/{id}/pin', 'POST /my/lock/{id}/pin']);
  expect(pinsOn(env, doors[2]!)).toEqual([]);

  await release();
  const fx = await restartKeyService(env, dataDir);
  expect(fx.service.list().map((key) => key.status)).toEqual(['active']);
  expectCloudMatchesStore(env, fx.store, doors);
  expect(await fx.service.reconcile()).toEqual([]);
});

it('locked while the second PIN is on its way, then released: the running service finishes the key itself', async () => {
  await env.control.addFault({ method: 'POST', path: `^/my/lock/${doors[1]}/pin$`, latencyMs: 1_500 });
  const { issuer, lock, release } = await issuerReadyWithLocker({ waitForGo: true, untilSettled: true });
  await waitFor(
    () => intended(dataDir, 'create', 'doorcode', doors[1]),
    20_000,
    'the second write in flight',
  );
  await lock();
  await waitFor(() => issuer.output().includes('refused'), 20_000, 'the refusal');
  expect(refusal(issuer.output())).toMatch(
    /^refused STORE_LOCKED .* Key \S+ \(Stay 14\) was saved as pending/,
  );
  await release();
  await issuer.exited;
  expect(issuer.output()).toContain('settled active');
  // The store as the issuer left it (no restart, so no start-up recovery): it matches the cloud.
  const store = KeyStore.open({ dataDir });
  try {
    expectCloudMatchesStore(env, store, doors);
  } finally {
    store.close();
  }
});
