/**
 * The key store's schema, as ordered migrations. Each migration runs once, in its own transaction, and records
 * its version in `schema_version`; a database newer than the last migration here is refused (STORE_VERSION).
 * Never edit a released migration: add the next one.
 */

export interface Migration {
  version: number;
  /** What it adds, for the record in schema_version. */
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'keys, their doors and persons, profiles, meta',
    sql: `
      CREATE TABLE schema_version (
        version INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      -- document: the Key as JSON without doorcodes or links; secrets: those, sealed (secretBox.ts).
      CREATE TABLE keys (
        id TEXT PRIMARY KEY,
        request_id TEXT UNIQUE,
        status TEXT NOT NULL,
        name TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        document TEXT NOT NULL,
        secrets TEXT
      );
      CREATE INDEX keys_status ON keys (status);
      CREATE INDEX keys_name ON keys (name);
      CREATE INDEX keys_updated_at ON keys (updated_at);
      CREATE TABLE key_doors (
        key_id TEXT NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
        lock_id INTEGER NOT NULL,
        PRIMARY KEY (key_id, lock_id)
      ) WITHOUT ROWID;
      CREATE INDEX key_doors_lock ON key_doors (lock_id);
      CREATE TABLE key_persons (
        key_id TEXT NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        email TEXT,
        phone TEXT,
        PRIMARY KEY (key_id, position)
      ) WITHOUT ROWID;
      CREATE INDEX key_persons_name ON key_persons (name);
      CREATE INDEX key_persons_email ON key_persons (email);
      CREATE TABLE profiles (name TEXT PRIMARY KEY, document TEXT NOT NULL, updated_at TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    description: 'journal of cloud writes, timers, deliveries',
    sql: `
      -- Each cloud write is recorded (intended) before it is sent, and marked done or undone after.
      CREATE TABLE journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key_id TEXT NOT NULL,
        lock_id INTEGER,
        kind TEXT NOT NULL,
        person INTEGER,
        action TEXT NOT NULL CHECK (action IN ('create', 'delete', 'update')),
        cloud_id TEXT,
        state TEXT NOT NULL DEFAULT 'intended' CHECK (state IN ('intended', 'done', 'undone')),
        detail TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX journal_unfinished ON journal (state) WHERE state = 'intended';
      CREATE INDEX journal_key ON journal (key_id);
      -- due_at in epoch milliseconds: compared as numbers, whatever the ISO spelling.
      CREATE TABLE timers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key_id TEXT NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        detail TEXT,
        UNIQUE (key_id, kind)
      );
      CREATE INDEX timers_due ON timers (due_at);
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key_id TEXT NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
        person INTEGER NOT NULL,
        channel TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_retry_at INTEGER,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX deliveries_due ON deliveries (state, next_retry_at);
    `,
  },
  {
    version: 3,
    description: 'applications, their access keys, the audit log',
    sql: `
      -- The hub's HTTP API clients (issue 12). Names are unique whatever their case.
      CREATE TABLE applications (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT,
        app_group TEXT NOT NULL,
        locks TEXT,
        created_at TEXT NOT NULL
      );
      -- secret_hash: SHA-256 of the key's secret (src/core/apps/accessKeySecret.ts), never the secret.
      -- Times in epoch milliseconds; expires_at NULL = never.
      CREATE TABLE access_keys (
        id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        public_id TEXT NOT NULL UNIQUE,
        secret_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        expires_at INTEGER,
        created_at TEXT NOT NULL,
        last_used_at INTEGER,
        UNIQUE (application_id, name)
      );
      CREATE INDEX access_keys_application ON access_keys (application_id);
      -- A key never moves to another application, whoever writes the row.
      CREATE TRIGGER access_keys_keep_application BEFORE UPDATE OF application_id ON access_keys
        WHEN NEW.application_id IS NOT OLD.application_id
        BEGIN SELECT RAISE(ABORT, 'an access key cannot move to another application'); END;
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        application TEXT,
        key_prefix TEXT,
        operation TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
        code TEXT
      );
      CREATE INDEX audit_at ON audit (at);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
