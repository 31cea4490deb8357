/**
 * The key store's errors: a stable code and a message that says what to do. SQLite's own result codes are
 * translated here (docs/keys.md "Store and secrets" lists each code).
 */

export type StoreErrorCode =
  /** Another process holds the database's write lock longer than the busy timeout. */
  | 'STORE_LOCKED'
  /** The disk (or the file system's quota) is full. */
  | 'STORE_FULL'
  /** keys.db is not a database or is damaged. */
  | 'STORE_CORRUPT'
  /** keys.db was written by a newer version of the hub. */
  | 'STORE_VERSION'
  /** keys.secret is missing, unreadable or not the one keys.db was sealed with. */
  | 'STORE_SECRET'
  /** The data folder or a file in it cannot be opened, created or written (permissions, read-only disk). */
  | 'STORE_UNAVAILABLE'
  /** A request the store refuses (a duplicate request id, an unknown row). */
  | 'STORE_CONFLICT'
  | 'STORE_CLOSED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** SQLite's primary result codes the store translates (https://sqlite.org/rescode.html). */
const SQLITE_PERM = 3;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_CONSTRAINT = 19;
const SQLITE_NOTADB = 26;

interface SqliteErrorShape {
  errcode?: unknown;
  errstr?: unknown;
  code?: unknown;
  message?: unknown;
}

/** The primary SQLite result code of an error thrown by node:sqlite, or undefined for any other error. */
export function sqliteResultCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { errcode } = error as SqliteErrorShape;
  return typeof errcode === 'number' ? errcode & 0xff : undefined;
}

/**
 * Translates what node:sqlite or the file system threw into a StoreError; anything else (a bug) is returned
 * unchanged so it is not disguised as a storage problem.
 */
export function toStoreError(error: unknown, file: string): unknown {
  if (error instanceof StoreError) return error;
  const sqlite = sqliteResultCode(error);
  const detail = describe(error);
  switch (sqlite) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return new StoreError(
        'STORE_LOCKED',
        `The key store ${file} is locked by another process (${detail}). Stop the other hub (Homebridge, Node-RED or ` +
          'tedee-hub) that uses the same data folder, or give each its own data folder, then try again.',
        { cause: error },
      );
    case SQLITE_FULL:
      return new StoreError(
        'STORE_FULL',
        `The disk holding the key store ${file} is full (${detail}). Free space on it; nothing of this change was saved.`,
        { cause: error },
      );
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return corrupt(file, detail, error);
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return new StoreError(
        'STORE_UNAVAILABLE',
        `The key store ${file} cannot be opened or written (${detail}). Check that the data folder exists, is on a ` +
          'writable disk and belongs to the user the hub runs as.',
        { cause: error },
      );
    case SQLITE_CONSTRAINT:
      return new StoreError('STORE_CONFLICT', `The key store refused a change: ${detail}.`, { cause: error });
    default:
      break;
  }
  const fsCode = (error as SqliteErrorShape | null)?.code;
  if (fsCode === 'ENOSPC' || fsCode === 'EDQUOT') {
    return new StoreError('STORE_FULL', `The disk holding ${file} is full (${detail}). Free space on it.`, {
      cause: error,
    });
  }
  if (fsCode === 'EACCES' || fsCode === 'EPERM' || fsCode === 'EROFS' || fsCode === 'ENOTDIR') {
    return new StoreError(
      'STORE_UNAVAILABLE',
      `${file} cannot be opened or created (${detail}). Check the data folder's owner and permissions.`,
      { cause: error },
    );
  }
  return error;
}

export function corrupt(file: string, detail: string, cause?: unknown): StoreError {
  return new StoreError(
    'STORE_CORRUPT',
    `The key store ${file} is damaged or not a key store (${detail}). Stop the hub, move ${file} aside (keep it for ` +
      'support) and restore it from a backup, or start with an empty store and run `tedee-hub keys reconcile`.',
    { cause },
  );
}

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { errstr, message } = error as SqliteErrorShape;
  if (typeof errstr === 'string' && errstr !== '') return errstr;
  return typeof message === 'string' ? message : 'unknown error';
}
