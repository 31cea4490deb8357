/**
 * The applications, access keys and audit tables of the hub's store (schema version 3), as rows. store.ts hands
 * this class its guarded SQL functions (it alone imports node:sqlite); the rules (names, the two-key limit,
 * states, hashing) are src/core/apps/'s. Times are epoch milliseconds here, ISO strings above.
 */
import type { Row } from './storeRecords.js';

type SqlValue = string | number | null;

/** What store.ts lends: its guarded statements and its transaction (a savepoint when nested). */
export interface StoreSql {
  run(sql: string, ...params: SqlValue[]): number;
  get(sql: string, ...params: SqlValue[]): Row | undefined;
  all(sql: string, ...params: SqlValue[]): Row[];
  transaction<T>(work: () => T): T;
}

export interface ApplicationRow {
  id: string;
  name: string;
  description: string | null;
  group: string;
  locks: string[] | null;
  createdAt: string;
}

export interface AccessKeyRow {
  id: string;
  applicationId: string;
  applicationName: string;
  name: string;
  publicId: string;
  secretHash: string;
  active: boolean;
  expiresAt: number | null;
  createdAt: string;
  lastUsedAt: number | null;
}

export interface AuditRow {
  at: number;
  application: string | null;
  keyPrefix: string | null;
  operation: string;
  target: string | null;
  outcome: string;
  code: string | null;
}

const KEY_COLUMNS = `k.*, a.name AS application_name`;
const KEY_FROM = `FROM access_keys k JOIN applications a ON a.id = k.application_id`;

const text = (value: Row[string] | undefined) =>
  value === null || value === undefined ? null : String(value);
const ms = (value: Row[string] | undefined) => (value === null || value === undefined ? null : Number(value));

function toApplication(row: Row): ApplicationRow {
  return {
    id: String(row.id),
    name: String(row.name),
    description: text(row.description),
    group: String(row.app_group),
    locks: row.locks === null ? null : (JSON.parse(String(row.locks)) as string[]),
    createdAt: String(row.created_at),
  };
}

function toAccessKey(row: Row): AccessKeyRow {
  return {
    id: String(row.id),
    applicationId: String(row.application_id),
    applicationName: String(row.application_name),
    name: String(row.name),
    publicId: String(row.public_id),
    secretHash: String(row.secret_hash),
    active: Number(row.active) === 1,
    expiresAt: ms(row.expires_at),
    createdAt: String(row.created_at),
    lastUsedAt: ms(row.last_used_at),
  };
}

function toAudit(row: Row): AuditRow {
  return {
    at: Number(row.at),
    application: text(row.application),
    keyPrefix: text(row.key_prefix),
    operation: String(row.operation),
    target: text(row.target),
    outcome: String(row.outcome),
    code: text(row.code),
  };
}

export class AppTables {
  constructor(private readonly sql: StoreSql) {}

  /** All the given work is saved, or none (BEGIN IMMEDIATE: another process waits for it, up to busy_timeout). */
  transaction<T>(work: () => T): T {
    return this.sql.transaction(work);
  }

  // Applications.

  insertApplication(row: ApplicationRow): void {
    this.sql.run(
      'INSERT INTO applications (id, name, description, app_group, locks, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      row.id,
      row.name,
      row.description,
      row.group,
      row.locks === null ? null : JSON.stringify(row.locks),
      row.createdAt,
    );
  }

  /** Rewrites name, description, group and locks (never the id). */
  updateApplication(row: ApplicationRow): void {
    this.sql.run(
      'UPDATE applications SET name = ?, description = ?, app_group = ?, locks = ? WHERE id = ?',
      row.name,
      row.description,
      row.group,
      row.locks === null ? null : JSON.stringify(row.locks),
      row.id,
    );
  }

  applicationById(id: string): ApplicationRow | undefined {
    const row = this.sql.get('SELECT * FROM applications WHERE id = ?', id);
    return row && toApplication(row);
  }

  /** By name, whatever its case. */
  applicationByName(name: string): ApplicationRow | undefined {
    const row = this.sql.get('SELECT * FROM applications WHERE name = ?', name);
    return row && toApplication(row);
  }

  listApplications(): ApplicationRow[] {
    return this.sql.all('SELECT * FROM applications ORDER BY name, id').map(toApplication);
  }

  /** Deletes the application and (ON DELETE CASCADE) its keys; returns how many keys went with it. */
  deleteApplication(id: string): number {
    return this.sql.transaction(() => {
      const keys = Number(
        this.sql.get('SELECT COUNT(*) AS n FROM access_keys WHERE application_id = ?', id)?.n,
      );
      this.sql.run('DELETE FROM applications WHERE id = ?', id);
      return keys;
    });
  }

  // Access keys.

  insertAccessKey(row: Omit<AccessKeyRow, 'applicationName'>): void {
    this.sql.run(
      `INSERT INTO access_keys (id, application_id, name, public_id, secret_hash, active, expires_at, created_at,
         last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.id,
      row.applicationId,
      row.name,
      row.publicId,
      row.secretHash,
      row.active ? 1 : 0,
      row.expiresAt,
      row.createdAt,
      row.lastUsedAt,
    );
  }

  countAccessKeys(applicationId: string): number {
    return Number(
      this.sql.get('SELECT COUNT(*) AS n FROM access_keys WHERE application_id = ?', applicationId)?.n,
    );
  }

  /** The keys of one application, or of all, oldest first. */
  listAccessKeys(applicationId?: string): AccessKeyRow[] {
    // rowid: the order of insertion, where two keys were made in the same millisecond.
    const order = 'ORDER BY a.name, k.created_at, k.rowid';
    const rows =
      applicationId === undefined
        ? this.sql.all(`SELECT ${KEY_COLUMNS} ${KEY_FROM} ${order}`)
        : this.sql.all(
            `SELECT ${KEY_COLUMNS} ${KEY_FROM} WHERE k.application_id = ? ${order}`,
            applicationId,
          );
    return rows.map(toAccessKey);
  }

  accessKeyById(id: string): AccessKeyRow | undefined {
    const row = this.sql.get(`SELECT ${KEY_COLUMNS} ${KEY_FROM} WHERE k.id = ?`, id);
    return row && toAccessKey(row);
  }

  accessKeyByPublicId(publicId: string): AccessKeyRow | undefined {
    const row = this.sql.get(`SELECT ${KEY_COLUMNS} ${KEY_FROM} WHERE k.public_id = ?`, publicId);
    return row && toAccessKey(row);
  }

  /** Sets `active` and `expires_at`; the application and the secret never change. */
  updateAccessKey(id: string, state: { active: boolean; expiresAt: number | null }): void {
    this.sql.run(
      'UPDATE access_keys SET active = ?, expires_at = ? WHERE id = ?',
      state.active ? 1 : 0,
      state.expiresAt,
      id,
    );
  }

  touchAccessKey(id: string, at: number): void {
    this.sql.run('UPDATE access_keys SET last_used_at = ? WHERE id = ?', at, id);
  }

  deleteAccessKeys(ids: readonly string[]): number {
    return this.sql.transaction(() =>
      ids.reduce((removed, id) => removed + this.sql.run('DELETE FROM access_keys WHERE id = ?', id), 0),
    );
  }

  // The audit log.

  insertAudit(row: AuditRow): void {
    this.sql.run(
      `INSERT INTO audit (at, application, key_prefix, operation, target, outcome, code)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      row.at,
      row.application,
      row.keyPrefix,
      row.operation,
      row.target,
      row.outcome,
      row.code,
    );
  }

  /** The latest `limit` entries at or after `since` (of one application when given), oldest first. */
  listAudit(filter: { since?: number; application?: string; limit: number }): AuditRow[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.since !== undefined) {
      where.push('at >= ?');
      params.push(filter.since);
    }
    if (filter.application !== undefined) {
      where.push('application = ? COLLATE NOCASE');
      params.push(filter.application);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.sql.all(
      `SELECT * FROM (SELECT * FROM audit ${clause} ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id`,
      ...params,
      filter.limit,
    );
    return rows.map(toAudit);
  }
}
