/** The access key's material: RFC 4648 base32, the key's shape, parsing, the hash and its constant-time check. */
import { describe, expect, it } from 'vitest';

import {
  base32,
  hashSecret,
  newKeyMaterial,
  parseKey,
  secretMatches,
} from '../../../../src/core/apps/accessKeySecret.js';

describe('access key material', () => {
  it('encodes base32 as RFC 4648 does (lower case, no padding)', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'my'],
      ['fo', 'mzxq'],
      ['foo', 'mzxw6'],
      ['foob', 'mzxw6yq'],
      ['fooba', 'mzxw6ytb'],
      ['foobar', 'mzxw6ytboi'],
    ];
    for (const [text, encoded] of vectors) expect(base32(Buffer.from(text))).toBe(encoded);
  });

  it('makes tdk_<16>_<52> keys, all different, whose prefix is the start of the public part', () => {
    const made = Array.from({ length: 200 }, () => newKeyMaterial());
    expect(new Set(made.map((material) => material.key)).size).toBe(200);
    for (const material of made) {
      expect(material.key).toMatch(/^tdk_[a-z2-7]{16}_[a-z2-7]{52}$/);
      expect(material.prefix).toBe(material.publicId.slice(0, 8));
      const parsed = parseKey(material.key)!;
      expect(parsed.publicId).toBe(material.publicId);
      expect(material.secretHash).toBe(hashSecret(parsed.secret));
      expect(material.secretHash).not.toContain(parsed.secret);
    }
  });

  it('parses only well-formed keys', () => {
    const { key } = newKeyMaterial();
    expect(parseKey(` ${key} `)).toBeDefined();
    for (const bad of [
      '',
      'tdk_',
      key.toUpperCase(),
      key.slice(0, -1),
      `${key}a`,
      key.replace('tdk_', 'tdx_'),
      `Bearer ${key}`,
    ])
      expect(parseKey(bad), bad).toBeUndefined();
  });

  it('matches the right secret only, and a malformed stored hash never', () => {
    const hash = hashSecret('a'.repeat(52));
    expect(secretMatches('a'.repeat(52), hash)).toBe(true);
    expect(secretMatches('a'.repeat(51) + 'b', hash)).toBe(false);
    expect(secretMatches('a'.repeat(52), hash.slice(0, 10))).toBe(false);
    expect(secretMatches('a'.repeat(52), '')).toBe(false);
  });
});
