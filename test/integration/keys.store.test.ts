/**
 * The key store against real failures: an older database, a newer one, a damaged file, another process holding
 * the lock, a full database, and a process killed (SIGKILL) in the middle of a write loop. The crash child runs
 * the built store (dist/): run `npx tsc -p tsconfig.build.json` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { KeyStore } from '../../src/core/keys/store.js';
import { StoreError, toStoreError } from '../../src/core/keys/storeErrors.js';
import { MIGRATIONS } from '../../src/core/keys/storeSchema.js';
import { sampleKey, tempDataDir } from '../helpers/keyFixtures.js';
import { waitFor } from '../helpers/wait.js';

let dir: string;
let cleanup: () => void;
const children: ChildProcess[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDataDir('keys-store-it-'));
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  cleanup();
});

function openError(options: Partial<Parameters<typeof KeyStore.open>[0]> = {}): StoreError {
  try {
    KeyStore.open({ dataDir: dir, ...options }).close();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected the store to refuse to open');
}

/** Starts `node -e script` and collects its stdout lines. */
function startNode(script: string): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  return { child, lines };
}

describe('key store schema versions', () => {
  it('migrates a version-1 database, keeping its keys', () => {
    const db = new DatabaseSync(join(dir, 'keys.db'));
    db.exec(MIGRATIONS[0]!.sql);
    db.prepare("INSERT INTO schema_version VALUES (1, 'v1', '2026-01-01T00:00:00Z')").run();
    const old = sampleKey({ persons: [{ name: 'Old Guest', credentials: { appkey: true } }] });
    db.prepare('INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, NULL)').run(
      old.id,
      old.requestId!,
      old.status,
      old.name,
      old.updatedAt,
      JSON.stringify(old),
    );
    db.prepare('INSERT INTO key_doors VALUES (?, ?)').run(old.id, 101);
    db.close();

    const store = KeyStore.open({ dataDir: dir });
    try {
      expect(store.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
      expect(store.getKey(old.id)).toEqual(old);
      expect(store.listKeys({ door: 101 }).map((k) => k.id)).toEqual([old.id]);
      // The tables of version 2 work.
      store.recordIntent({ keyId: old.id, lockId: 101, kind: 'appkey', action: 'delete', cloudId: 'u-1' });
      expect(store.listUnfinishedJournal()).toHaveLength(1);
      expect(store.verify()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('refuses a database written by a newer hub (STORE_VERSION), leaving it untouched', () => {
    KeyStore.open({ dataDir: dir }).close();
    const db = new DatabaseSync(join(dir, 'keys.db'));
    db.prepare("INSERT INTO schema_version VALUES (99, 'from the future', '2030-01-01T00:00:00Z')").run();
    db.close();
    const error = openError();
    expect(error.code).toBe('STORE_VERSION');
    expect(error.message).toMatch(/schema version 99.*Update the hub/);
    const check = new DatabaseSync(join(dir, 'keys.db'));
    expect(check.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: 99 });
    check.close();
  });
});

describe('key store failures', () => {
  it('says STORE_CORRUPT for a file that is not a database', () => {
    writeFileSync(join(dir, 'keys.db'), 'this is not sqlite '.repeat(400));
    const error = openError();
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toMatch(/move .*keys.db aside/);
  });

  it('says STORE_CORRUPT for a database that is not a key store', () => {
    const db = new DatabaseSync(join(dir, 'keys.db'));
    db.exec('CREATE TABLE something_else (x)');
    db.close();
    expect(openError().code).toBe('STORE_CORRUPT');
  });

  it('says STORE_UNAVAILABLE when the data folder cannot be created', () => {
    writeFileSync(join(dir, 'file'), '');
    const error = openError({ dataDir: join(dir, 'file', 'sub') });
    expect(error.code).toBe('STORE_UNAVAILABLE');
  });

  it('says STORE_LOCKED while another process holds the write lock, and works once it lets go', async () => {
    const store = KeyStore.open({ dataDir: dir, busyTimeoutMs: 200 });
    try {
      const holder = startNode(`
        import { DatabaseSync } from 'node:sqlite';
        const db = new DatabaseSync(${JSON.stringify(join(dir, 'keys.db'))});
        db.exec('BEGIN IMMEDIATE');
        console.log('locked');
        process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
        process.stdin.resume();
      `);
      await waitFor(() => holder.lines.includes('locked'), 10_000, 'the other process to take the lock');
      let error: unknown;
      try {
        store.saveKey(sampleKey());
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('STORE_LOCKED');
      expect((error as StoreError).message).toMatch(/another process.*Stop the other hub/);
      // Readers are not blocked by a writer in WAL mode.
      expect(store.getKey('key-1')).toBeUndefined();
      const exited = new Promise((resolve) => holder.child.once('exit', resolve));
      holder.child.stdin!.end();
      await exited;
      store.saveKey(sampleKey());
      expect(store.getKey('key-1')?.id).toBe('key-1');
    } finally {
      store.close();
    }
  });

  it('translates SQLite running out of space into STORE_FULL', () => {
    KeyStore.open({ dataDir: dir }).close();
    // A database that may not grow behaves as a full disk does: SQLite answers SQLITE_FULL.
    const db = new DatabaseSync(join(dir, 'keys.db'));
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages}`);
    let thrown: unknown;
    try {
      const insert = db.prepare('INSERT INTO profiles VALUES (?, ?, ?)');
      for (let i = 0; i < 1000; i += 1) insert.run(`p${i}`, 'x'.repeat(2000), 'now');
    } catch (error) {
      thrown = error;
    }
    db.close();
    const error = toStoreError(thrown, 'keys.db') as StoreError;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_FULL');
    expect(error.message).toMatch(/full.*Free space/);
  });
});

describe('key store crash safety', () => {
  const storeModule = pathToFileURL(join(process.cwd(), 'dist/core/keys/store.js')).href;

  /** A writer whose every round saves a key (3 doors, 2 persons, secrets), 3 journal entries and a timer. */
  function startWriter(cycle: number): { child: ChildProcess; lines: string[] } {
    return startNode(`
      import { KeyStore } from ${JSON.stringify(storeModule)};
      const store = KeyStore.open({ dataDir: ${JSON.stringify(dir)} });
      for (let i = 0; ; i += 1) {
        const id = 'c${cycle}-' + i;
        store.transaction(() => {
          store.saveKey({
            id, name: 'Guest ' + i, requestId: 'req-' + id, doors: [i, i + 1, i + 2],
            persons: [
              { name: 'A' + i, doorcode: String(100000 + i), credentials: { doorcode: true } },
              { name: 'B' + i, link: 'https://link.example/' + i, credentials: { smartkey: true } },
            ],
            schedule: { timeZone: 'Europe/Berlin' }, createdBy: { issuer: 't', role: 'owner' },
            createdAt: 'x', updatedAt: new Date().toISOString(), status: 'pending', bestEffort: false,
            objects: [], warnings: [],
          });
          for (const lockId of [i, i + 1, i + 2]) {
            const entry = store.recordIntent({ keyId: id, lockId, kind: 'doorcode', person: 0, action: 'create' });
            store.setJournalCloudId(entry.id, lockId * 10);
          }
          store.setTimer({ keyId: id, kind: 'dst-recompile', dueAt: new Date(Date.UTC(2027, 2, 28) + i).toISOString() });
        });
        // Synchronous on a Linux pipe: a printed round is a committed one.
        console.log(i);
      }
    `);
  }

  it('opens consistent after the writing process is killed (SIGKILL) mid-loop, again and again', async () => {
    expect(existsSync(new URL(storeModule)), 'dist/ is built (npx tsc -p tsconfig.build.json)').toBe(true);
    let committedBefore = 0;
    // Several kills: each lands at another point of a round.
    for (let cycle = 0; cycle < 4; cycle += 1) {
      const writer = startWriter(cycle);
      const rounds = 40 + cycle * 7;
      await waitFor(() => writer.lines.length >= rounds, 30_000, `the writer to commit ${rounds} rounds`);
      const exited = new Promise((resolve) => writer.child.once('exit', (_code, signal) => resolve(signal)));
      writer.child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const committed = committedBefore + writer.lines.length;

      const store = KeyStore.open({ dataDir: dir });
      try {
        expect(store.verify()).toEqual([]);
        const keys = store.listKeys();
        // Every round printed was committed; the round in flight is missing or whole, never half.
        expect(keys.length).toBeGreaterThanOrEqual(committed);
        expect(keys.length).toBeLessThanOrEqual(committed + 1);
        expect(store.listUnfinishedJournal()).toHaveLength(keys.length * 3);
        expect(store.listDueTimers(new Date('2030-01-01T00:00:00Z'))).toHaveLength(keys.length);
        for (const key of keys) {
          const i = Number(key.id.split('-')[1]);
          expect(key.persons[0]?.doorcode).toBe(String(100000 + i));
          expect(key.persons[1]?.link).toBe(`https://link.example/${i}`);
          expect(store.listKeys({ door: i + 2 }).map((k) => k.id)).toContain(key.id);
          expect(store.listJournal(key.id).map((e) => e.cloudId)).toEqual([
            i * 10,
            (i + 1) * 10,
            (i + 2) * 10,
          ]);
          expect(store.findByRequestId(`req-${key.id}`)?.id).toBe(key.id);
        }
        committedBefore = keys.length;
      } finally {
        store.close();
      }
    }
  });
});
