/**
 * The key store: keys, profiles, the journal of cloud writes, timers and deliveries in `keys.db` (node:sqlite,
 * WAL) in the hub's data folder. The only module that imports node:sqlite (eslint.config.js). Every change of
 * more than one row runs in one transaction; docs/keys.md "Store and secrets" has the decisions and threat model.
 * The same file holds the applications and access keys of the HTTP API (`apps`, storeApps.ts; docs/api.md).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

import type { Key, Profile } from './model.js';
import type { SecretBox } from './secretBox.js';
import { AppTables } from './storeApps.js';
import { StoreError, corrupt, toStoreError } from './storeErrors.js';
import { checkIntegrity, migrate, openSecretBox } from './storeOpen.js';
import { type KeyRow, keyToRow, rowToKey } from './storeRows.js';
import type {
  DeliveryAttempt,
  JournalEntry,
  JournalIntent,
  KeyFilter,
  StoredDelivery,
  StoredTimer,
} from './storeTypes.js';
import { keyFilterSql } from './storeQuery.js';
import { epochMs, toDelivery, toJournalEntry, toTimer, type Row } from './storeRecords.js';

export const STORE_FILE = 'keys.db';
export const SECRET_FILE = 'keys.secret';

export interface KeyStoreOptions {
  /** The hub's data folder (Homebridge storage path, Node-RED user dir, or --data). */
  dataDir: string;
  /** How long a write waits for another process's lock before STORE_LOCKED. Default 5 s. */
  busyTimeoutMs?: number;
  /** The clock for createdAt/updatedAt and due times (tests pass a scaled one). */
  now?: () => Date;
}

export class KeyStore {
  private depth = 0;
  private closed = false;
  /** The applications, access keys and audit tables (rows; src/core/apps/ has the rules). */
  readonly apps = new AppTables({
    run: (sql, ...params) => this.run(sql, ...params),
    get: (sql, ...params) => this.get(sql, ...params),
    all: (sql, ...params) => this.all(sql, ...params),
    transaction: (work) => this.transaction(work),
  });

  private constructor(
    private readonly db: DatabaseSync,
    private readonly box: SecretBox,
    readonly file: string,
    private readonly now: () => Date,
  ) {}

  /** Opens (creating and migrating when needed) `keys.db` in `dataDir`. Throws StoreError. */
  static open(options: KeyStoreOptions): KeyStore {
    const file = join(options.dataDir, STORE_FILE);
    let db: DatabaseSync | undefined;
    try {
      mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
      // Create the file ourselves so it is 0600 from the first byte (SQLite gives -wal and -shm the same mode).
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
      db = new DatabaseSync(file);
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      db.exec('PRAGMA foreign_keys = ON');
      const mode = db.prepare('PRAGMA journal_mode = WAL').get() as Row | undefined;
      if (mode?.journal_mode !== 'wal') throw corrupt(file, 'it cannot be put in WAL mode');
      // A power cut must not lose a journal entry the cloud write after it depends on.
      db.exec('PRAGMA synchronous = FULL');
      checkIntegrity(db, file);
      migrate(db, file);
      for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
      const box = openSecretBox(db, join(options.dataDir, SECRET_FILE));
      return new KeyStore(db, box, file, options.now ?? (() => new Date()));
    } catch (error) {
      try {
        db?.close();
      } catch {
        // The open failed already; that error is the one to report.
      }
      throw toStoreError(error, file);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /**
   * Runs `work` in one transaction (a savepoint when nested): all its changes are saved, or none. `work` must be
   * synchronous; a cloud call never happens inside (the journal records it before, and its outcome after).
   */
  transaction<T>(work: () => T): T {
    return this.guard(() => {
      const savepoint = `sp${this.depth}`;
      this.db.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
      this.depth += 1;
      try {
        const result = work();
        if (result instanceof Promise)
          throw new TypeError('KeyStore.transaction takes synchronous work only');
        this.depth -= 1;
        this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
        return result;
      } catch (error) {
        this.depth -= 1;
        // SQLite may have rolled back already (SQLITE_FULL, SQLITE_BUSY in COMMIT).
        if (this.db.isTransaction) {
          this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        }
        throw error;
      }
    });
  }

  // Keys.

  /** Inserts or replaces a key with its door and person lookups. A request id belongs to one key. */
  saveKey(key: Key): void {
    const row = keyToRow(key, this.box);
    this.transaction(() => {
      if (row.request_id !== null) {
        const owner = this.get(
          'SELECT id FROM keys WHERE request_id = ? AND id <> ?',
          row.request_id,
          row.id,
        );
        if (owner !== undefined) {
          throw new StoreError(
            'STORE_CONFLICT',
            `Request id ${row.request_id} already made key ${String(owner.id)}; use another request id or that key.`,
          );
        }
      }
      this.run(
        `INSERT INTO keys (id, request_id, status, name, updated_at, document, secrets) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET request_id = excluded.request_id, status = excluded.status,
           name = excluded.name, updated_at = excluded.updated_at, document = excluded.document,
           secrets = excluded.secrets`,
        row.id,
        row.request_id,
        row.status,
        row.name,
        row.updated_at,
        row.document,
        row.secrets,
      );
      this.run('DELETE FROM key_doors WHERE key_id = ?', key.id);
      for (const lockId of new Set(key.doors))
        this.run('INSERT INTO key_doors VALUES (?, ?)', key.id, lockId);
      this.run('DELETE FROM key_persons WHERE key_id = ?', key.id);
      key.persons.forEach((person, position) =>
        this.run(
          'INSERT INTO key_persons VALUES (?, ?, ?, ?, ?)',
          key.id,
          position,
          person.name,
          person.email ?? null,
          person.phone ?? null,
        ),
      );
    });
  }

  getKey(id: string): Key | undefined {
    return this.keyFrom(this.get('SELECT * FROM keys WHERE id = ?', id));
  }

  /** Idempotency: the key an earlier request with this id made. */
  findByRequestId(requestId: string): Key | undefined {
    return this.keyFrom(this.get('SELECT * FROM keys WHERE request_id = ?', requestId));
  }

  /** Keys matching every given filter, most recently updated first. */
  listKeys(filter: KeyFilter = {}): Key[] {
    const { where, params } = keyFilterSql(filter);
    const sql = `SELECT k.* FROM keys k ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY k.updated_at DESC, k.id`;
    return this.all(sql, ...params).map((row) => rowToKey(row as unknown as KeyRow, this.box, this.file));
  }

  /** Removes a key and its lookups, timers and deliveries (its journal stays: the record of what was sent). */
  deleteKey(id: string): boolean {
    return this.transaction(() => this.run('DELETE FROM keys WHERE id = ?', id) > 0);
  }

  // Profiles.

  saveProfile(profile: Profile): void {
    this.run(
      `INSERT INTO profiles (name, document, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`,
      profile.name,
      JSON.stringify(profile),
      this.now().toISOString(),
    );
  }

  getProfile(name: string): Profile | undefined {
    const row = this.get('SELECT document FROM profiles WHERE name = ?', name);
    return row === undefined ? undefined : (JSON.parse(String(row.document)) as Profile);
  }

  listProfiles(): Profile[] {
    return this.all('SELECT document FROM profiles ORDER BY name').map(
      (row) => JSON.parse(String(row.document)) as Profile,
    );
  }

  deleteProfile(name: string): boolean {
    return this.run('DELETE FROM profiles WHERE name = ?', name) > 0;
  }

  // The journal of cloud writes.

  /** Records a cloud write before it is sent; returns the entry (state `intended`). */
  recordIntent(intent: JournalIntent): JournalEntry {
    const at = this.now().toISOString();
    const row = this.get(
      `INSERT INTO journal (key_id, lock_id, kind, person, action, cloud_id, detail, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      intent.keyId,
      intent.lockId ?? null,
      intent.kind,
      intent.person ?? null,
      intent.action,
      intent.cloudId === undefined ? null : JSON.stringify(intent.cloudId),
      intent.detail === undefined ? null : JSON.stringify(intent.detail),
      at,
      at,
    );
    return toJournalEntry(row as Row);
  }

  /** The cloud answered a create: its object id, so recovery can delete it. The entry stays `intended`. */
  setJournalCloudId(id: number, cloudId: string | number): void {
    this.changeJournal(id, 'cloud_id = ?', JSON.stringify(cloudId));
  }

  /** The write is confirmed (`done`) or was reverted or never happened (`undone`). */
  finishJournal(id: number, state: 'done' | 'undone'): void {
    this.changeJournal(id, 'state = ?', state);
  }

  /** Entries still `intended` (oldest first): what start-up must complete or roll back. */
  listUnfinishedJournal(keyId?: string): JournalEntry[] {
    const rows =
      keyId === undefined
        ? this.all("SELECT * FROM journal WHERE state = 'intended' ORDER BY id")
        : this.all("SELECT * FROM journal WHERE state = 'intended' AND key_id = ? ORDER BY id", keyId);
    return rows.map(toJournalEntry);
  }

  listJournal(keyId: string): JournalEntry[] {
    return this.all('SELECT * FROM journal WHERE key_id = ? ORDER BY id', keyId).map(toJournalEntry);
  }

  // Timers.

  /** Sets the key's timer of this kind (replacing an earlier due time). */
  setTimer(timer: StoredTimer): void {
    this.run(
      `INSERT INTO timers (key_id, kind, due_at, detail) VALUES (?, ?, ?, ?)
       ON CONFLICT (key_id, kind) DO UPDATE SET due_at = excluded.due_at, detail = excluded.detail`,
      timer.keyId,
      timer.kind,
      epochMs(timer.dueAt, 'dueAt'),
      timer.detail === undefined ? null : JSON.stringify(timer.detail),
    );
  }

  /** Timers due at `at` or earlier, oldest first: after downtime, every missed one is due at once. */
  listDueTimers(at: Date = this.now()): StoredTimer[] {
    return this.all('SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at, id', at.getTime()).map(toTimer);
  }

  listTimers(keyId: string): StoredTimer[] {
    return this.all('SELECT * FROM timers WHERE key_id = ? ORDER BY due_at, id', keyId).map(toTimer);
  }

  removeTimer(keyId: string, kind: string): boolean {
    return this.run('DELETE FROM timers WHERE key_id = ? AND kind = ?', keyId, kind) > 0;
  }

  // Deliveries.

  /** A delivery to send (due now unless `nextRetryAt`). Its content is rendered from the key when sent. */
  addDelivery(delivery: {
    keyId: string;
    person: number;
    channel: string;
    nextRetryAt?: string;
  }): StoredDelivery {
    const at = this.now().toISOString();
    const due =
      delivery.nextRetryAt === undefined
        ? this.now().getTime()
        : epochMs(delivery.nextRetryAt, 'nextRetryAt');
    const row = this.get(
      `INSERT INTO deliveries (key_id, person, channel, next_retry_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      delivery.keyId,
      delivery.person,
      delivery.channel,
      due,
      at,
      at,
    );
    return toDelivery(row as Row);
  }

  /** Counts an attempt: sent; or failed with a next try (stays pending) or none (gives up: failed). */
  recordDeliveryAttempt(id: number, attempt: DeliveryAttempt): StoredDelivery {
    const [state, next, error] = attempt.ok
      ? ['sent', null, null]
      : attempt.nextRetryAt === undefined
        ? ['failed', null, attempt.error]
        : ['pending', epochMs(attempt.nextRetryAt, 'nextRetryAt'), attempt.error];
    const row = this.get(
      `UPDATE deliveries SET attempts = attempts + 1, state = ?, next_retry_at = ?, last_error = ?, updated_at = ?
       WHERE id = ? RETURNING *`,
      state,
      next,
      error,
      this.now().toISOString(),
      id,
    );
    if (row === undefined) throw new StoreError('STORE_CONFLICT', `No delivery ${id} in the key store.`);
    return toDelivery(row);
  }

  listDueDeliveries(at: Date = this.now()): StoredDelivery[] {
    const sql =
      "SELECT * FROM deliveries WHERE state = 'pending' AND next_retry_at <= ? ORDER BY next_retry_at, id";
    return this.all(sql, at.getTime()).map(toDelivery);
  }

  listDeliveries(keyId: string): StoredDelivery[] {
    return this.all('SELECT * FROM deliveries WHERE key_id = ? ORDER BY id', keyId).map(toDelivery);
  }

  // Health.

  /** SQLite's integrity and foreign-key checks: empty when the store is consistent. */
  verify(): string[] {
    return this.guard(() => {
      const integrity = this.all('PRAGMA integrity_check').map((row) => String(row.integrity_check));
      const problems = integrity.filter((line) => line !== 'ok');
      for (const row of this.all('PRAGMA foreign_key_check')) {
        problems.push(
          `row ${String(row.rowid)} of ${String(row.table)} points to a missing ${String(row.parent)}`,
        );
      }
      return problems;
    });
  }

  schemaVersion(): number {
    return Number(this.get('SELECT MAX(version) AS version FROM schema_version')?.version ?? 0);
  }

  private keyFrom(row: Row | undefined): Key | undefined {
    return row === undefined ? undefined : rowToKey(row as unknown as KeyRow, this.box, this.file);
  }

  private changeJournal(id: number, assignment: string, value: string): void {
    const changed = this.run(
      `UPDATE journal SET ${assignment}, updated_at = ? WHERE id = ?`,
      value,
      this.now().toISOString(),
      id,
    );
    if (changed === 0) throw new StoreError('STORE_CONFLICT', `No journal entry ${id} in the key store.`);
  }

  private run(sql: string, ...params: SQLInputValue[]): number {
    return this.guard(() => Number(this.db.prepare(sql).run(...params).changes));
  }

  private get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.guard(() => this.db.prepare(sql).get(...params) as Row | undefined);
  }

  private all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.guard(() => this.db.prepare(sql).all(...params) as Row[]);
  }

  private guard<T>(work: () => T): T {
    if (this.closed) throw new StoreError('STORE_CLOSED', `The key store ${this.file} is closed.`);
    try {
      return work();
    } catch (error) {
      throw toStoreError(error, this.file);
    }
  }
}
