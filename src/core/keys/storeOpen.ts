/**
 * Opening the key store, beside store.ts (which alone imports node:sqlite): the integrity check, the
 * migrations and the secret box check, on a connection typed by what they use.
 */
import { SecretBox } from './secretBox.js';
import { StoreError, corrupt } from './storeErrors.js';
import type { Row } from './storeRecords.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './storeSchema.js';

/** The part of node:sqlite's DatabaseSync these steps use. */
export interface SqlConnection {
  exec(sql: string): void;
  prepare(sql: string): {
    get(...params: (string | number | null)[]): unknown;
    all(...params: (string | number | null)[]): unknown[];
    run(...params: (string | number | null)[]): unknown;
  };
  readonly isTransaction: boolean;
}

export function checkIntegrity(db: SqlConnection, file: string): void {
  const rows = db.prepare('PRAGMA quick_check').all() as Row[];
  const problems = rows.map((row) => String(row.quick_check)).filter((line) => line !== 'ok');
  if (problems.length > 0) throw corrupt(file, problems.slice(0, 3).join('; '));
}

/** Applies the migrations newer than the database, each in its own transaction. */
export function migrate(db: SqlConnection, file: string): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Row[];
  const names = new Set(tables.map((row) => String(row.name)));
  if (names.size > 0 && !names.has('schema_version'))
    throw corrupt(file, 'it has tables but no schema version');
  let current = 0;
  if (names.has('schema_version')) {
    current = Number((db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row).v ?? 0);
  }
  if (current > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_VERSION',
      `The key store ${file} has schema version ${current}, newer than the ${LATEST_SCHEMA_VERSION} this version of ` +
        'the hub knows: it was written by a newer tedee-hub. Update the hub (or restore the backup taken before the update).',
    );
  }
  for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        new Date().toISOString(),
      );
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}

/**
 * The secret box for this database: a store that has sealed anything records the secret's fingerprint, and
 * refuses a missing or different keys.secret rather than silently making secrets unreadable.
 */
export function openSecretBox(db: SqlConnection, secretFile: string): SecretBox {
  const recorded = db.prepare("SELECT value FROM meta WHERE name = 'secret_fingerprint'").get() as
    Row | undefined;
  const box = SecretBox.load(secretFile, recorded === undefined);
  if (recorded === undefined) {
    db.prepare("INSERT OR IGNORE INTO meta (name, value) VALUES ('secret_fingerprint', ?)").run(
      box.fingerprint(),
    );
    return openSecretBox(db, secretFile);
  }
  if (recorded.value !== box.fingerprint()) {
    throw new StoreError(
      'STORE_SECRET',
      `${secretFile} is not the secret keys.db was written with (fingerprint ${box.fingerprint()}, expected ` +
        `${String(recorded.value)}). Restore keys.secret from the same backup as keys.db.`,
    );
  }
  return box;
}
