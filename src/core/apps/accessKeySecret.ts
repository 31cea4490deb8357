/**
 * The access key itself: `tdk_<public>_<secret>`, made of crypto.randomBytes. The public part (16 base32
 * characters, 80 bits) finds the key's row; the secret (52 base32 characters, 256 bits) proves it, and only its
 * hash is stored. docs/api.md "Access keys at rest" says why a plain SHA-256 is the right hash here.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_TAG = 'tdk';
const PUBLIC_BYTES = 10;
const SECRET_BYTES = 32;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** How many characters of the public part are shown after creation. */
export const PREFIX_LENGTH = 8;
/** Separates this hash from any other SHA-256 of the same bytes; a new scheme gets a new label. */
const HASH_LABEL = 'tedee-hub access key v1\0';

const KEY_PATTERN = new RegExp(
  `^${KEY_TAG}_([a-z2-7]{${base32Length(PUBLIC_BYTES)}})_([a-z2-7]{${base32Length(SECRET_BYTES)}})$`,
);

function base32Length(bytes: number): number {
  return Math.ceil((bytes * 8) / 5);
}

/** RFC 4648 base32, lower case, without padding: letters and digits only, so a double click selects the key. */
export function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) text += BASE32[(value << (5 - bits)) & 31];
  return text;
}

export interface NewKeyMaterial {
  /** The whole key, shown once. */
  key: string;
  /** The public part: the row's lookup, never enough to authenticate. */
  publicId: string;
  /** The first PREFIX_LENGTH characters of the public part. */
  prefix: string;
  /** What the store keeps. */
  secretHash: string;
}

export function newKeyMaterial(): NewKeyMaterial {
  const publicId = base32(randomBytes(PUBLIC_BYTES));
  const secret = base32(randomBytes(SECRET_BYTES));
  return {
    key: `${KEY_TAG}_${publicId}_${secret}`,
    publicId,
    prefix: publicId.slice(0, PREFIX_LENGTH),
    secretHash: hashSecret(secret),
  };
}

/** The public part and secret of a well-formed key, or undefined for anything else. */
export function parseKey(key: string): { publicId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key.trim());
  return match ? { publicId: match[1]!, secret: match[2]! } : undefined;
}

/**
 * SHA-256 of the secret, hex. The secret has 256 random bits, so nobody can guess it back from a leaked hash
 * however fast the hash is; a slow password hash (scrypt) would add nothing but tens of milliseconds of CPU to
 * every API call, which on a Raspberry Pi is itself a way to overload the hub.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(HASH_LABEL).update(secret).digest('hex');
}

/** Whether `secret` hashes to `storedHash`, in time that does not depend on where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
