/**
 * A crash between two door writes: a child process runs the built key service (dist/) and is killed with
 * SIGKILL while the third door's PIN is in flight; the service started again on the same data folder
 * recovers, and the cloud and the store agree: one PIN per door, each the store's, with the store's code.
 * Run `npx tsc -p tsconfig.build.json` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { pinsOn, restartKeyService } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3 });
const children: ChildProcess[] = [];
let dataDir: string;
let doors: number[];

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
  dataDir = mkdtempSync(join(tmpdir(), 'keys-crash-'));
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function intendedOn(lockId: number): boolean {
  const db = new DatabaseSync(join(dataDir, 'keys.db'), { readOnly: true });
  try {
    const row = db
      .prepare(
        "SELECT count(*) AS n FROM journal WHERE state = 'intended' AND action = 'create' AND lock_id = ?",
      )
      .get(lockId) as { n: number };
    return row.n > 0;
  } finally {
    db.close();
  }
}

const coreModule = pathToFileURL(join(process.cwd(), 'dist/core/index.js')).href;
const storeModule = pathToFileURL(join(process.cwd(), 'dist/core/keys/store.js')).href;

function childScript(): string {
  return `
    import { createHub, createKeyService } from ${JSON.stringify(coreModule)};
    import { KeyStore } from ${JSON.stringify(storeModule)};
    const hub = createHub({ personalAccessKey: ${JSON.stringify(env.key)}, apiUrl: ${JSON.stringify(env.url)}, pollInterval: 10 });
    hub.start();
    await hub.ready();
    const store = KeyStore.open({ dataDir: ${JSON.stringify(dataDir)} });
    const service = createKeyService({ context: hub.context, store, hub, options: { reconcileAtStart: false, reconcileIntervalMs: 0 } });
    await service.start();
    console.log('ready');
    await service.issue({ name: 'Stay 9', persons: [{ name: 'Ann' }], doors: ${JSON.stringify(doors)}, credentials: { doorcode: true } }, { issuer: 'crash', role: 'owner' });
    console.log('issued');
  `;
}

it('recovers a key whose issuance was killed between two door writes: cloud and store agree', async () => {
  expect(existsSync(new URL(coreModule)), 'dist/ is built (npx tsc -p tsconfig.build.json)').toBe(true);
  // The third door's PIN write hangs, so the process is surely killed with it in flight.
  await env.control.addFault({ method: 'POST', path: `lock/${doors[2]}/pin$`, latencyMs: 60_000 });
  const child = spawn(process.execPath, ['--input-type=module', '-e', childScript()], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await waitFor(
    () => pinsOn(env, doors[0]!).length === 1 && pinsOn(env, doors[1]!).length === 1,
    20_000,
    'two doors written',
  );
  // The journal says the third write is intended (recorded before it is sent): read it as SQLite's reader.
  await waitFor(() => intendedOn(doors[2]!), 10_000, 'the third write journalled');
  const exited = new Promise((resolve) => child.once('exit', (_, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(output).not.toContain('issued');

  const fx = await restartKeyService(env, dataDir);
  const [key] = fx.service.list();
  await waitFor(() => fx.service.show(key!.id).status === 'active', 20_000, 'the key finished');
  const shown = fx.service.show(key!.id, { reveal: true });
  const code = shown.persons[0]!.doorcode;
  for (const door of doors) {
    const pins = pinsOn(env, door);
    expect(pins).toHaveLength(1);
    expect(pins[0]!.pin).toBe(code);
    expect(shown.objects.find((o) => o.lockId === door)).toMatchObject({
      status: 'set',
      cloudId: pins[0]!.id,
    });
  }
  expect(fx.store.listUnfinishedJournal()).toEqual([]);
});
