/**
 * Seals the key store's secrets (doorcodes, magic links) with AES-256-GCM under a 32-byte key kept in
 * `keys.secret` beside keys.db (mode 0600, created once). docs/keys.md "Store and secrets" has the threat model.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

import { StoreError } from './storeErrors.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The format of a sealed value; a later format gets a new prefix and both stay readable. */
const FORMAT = 'v1:';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /**
   * Reads `file`, or (when `mayCreate`) creates it with a new random key if it does not exist. Creation is
   * exclusive ('wx'), so two processes starting at once end up with the same key.
   */
  static load(file: string, mayCreate: boolean): SecretBox {
    if (mayCreate) {
      try {
        writeFileSync(file, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw secretError(file, error);
      }
    }
    let key: Buffer;
    try {
      // Tighten a file someone loosened (a restore from a backup often resets modes).
      chmodSync(file, 0o600);
      key = readFileSync(file);
    } catch (error) {
      throw secretError(file, error);
    }
    if (key.length !== KEY_BYTES) {
      throw new StoreError(
        'STORE_SECRET',
        `${file} holds ${key.length} bytes, not the ${KEY_BYTES} of a key store secret. Restore it from the backup ` +
          'taken with keys.db; without it the stored doorcodes cannot be read.',
      );
    }
    return new SecretBox(key);
  }

  /** A value that identifies the key without revealing it, so keys.db can tell whether it is the right one. */
  fingerprint(): string {
    return createHmac('sha256', this.key)
      .update('tedee-hub keys.secret fingerprint')
      .digest('hex')
      .slice(0, 16);
  }

  /** `context` (e.g. the key id and person) is authenticated: a sealed value moved to another row does not open. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return FORMAT + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string, context: string): string {
    if (!sealed.startsWith(FORMAT)) throw unreadable(context, 'unknown format');
    const raw = Buffer.from(sealed.slice(FORMAT.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw unreadable(context, 'too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch (error) {
      throw unreadable(context, 'authentication failed', error);
    }
  }
}

function secretError(file: string, cause: unknown): StoreError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOENT') {
    return new StoreError(
      'STORE_SECRET',
      `The key store secret ${file} is missing, but keys.db holds secrets sealed with it. Restore keys.secret from ` +
        'the backup taken with keys.db; without it the stored doorcodes and links cannot be read.',
      { cause },
    );
  }
  return new StoreError(
    'STORE_SECRET',
    `The key store secret ${file} cannot be read or created (${code}). Check the data folder's owner and permissions.`,
    { cause },
  );
}

function unreadable(context: string, why: string, cause?: unknown): StoreError {
  return new StoreError(
    'STORE_SECRET',
    `A sealed secret of ${context} cannot be opened (${why}): keys.secret is not the one keys.db was written with. ` +
      'Restore keys.secret from the same backup as keys.db.',
    { cause },
  );
}
