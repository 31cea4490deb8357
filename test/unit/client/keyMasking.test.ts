/** A key is shown by its prefix only; a key without a dot shows none of its characters. */
import { describe, expect, it } from 'vitest';
import { AuthInvalidError, createTedeeClient, ScopeMissingError } from '../../../src/client/index.js';
import { keyPrefix, maskKey } from '../../../src/util/secrets.js';

const DOTLESS = ['x', 'abcd', 'SecretWithoutAnyDot', 'q'.repeat(64), 'Zz9yY8xX7wW6vV5uU4'];

describe('a key in the Tedee form <prefix>.<secret>', () => {
  it('shows the text before the dot, at most 8 characters', () => {
    expect(maskKey('AbCdEf.IWA6uSecretPart')).toBe('AbCdEf.***');
    expect(maskKey('ABCDEFGHIJKL.secret')).toBe('ABCDEFGH.***');
    expect(keyPrefix('7jRWCi.secret.with.dots')).toBe('7jRWCi');
  });

  it('shows nothing when the dot comes first', () => {
    expect(maskKey('.secret')).toBe('***');
  });
});

describe('a key without a dot (all of it may be secret)', () => {
  for (const key of DOTLESS) {
    it(`shows none of its characters: ${key.length} characters`, () => {
      expect(keyPrefix(key)).toBe('');
      expect(maskKey(key)).toBe('***');
    });
  }

  it('is shown the same way by the client and its errors', () => {
    const key = 'SecretWithoutAnyDot';
    const client = createTedeeClient({ personalAccessKey: key, apiUrl: 'http://127.0.0.1:1' });
    expect(client.keyPrefix).toBe('');
    for (const error of [new AuthInvalidError(client.keyPrefix), new ScopeMissingError('Lock.Operate', '')]) {
      expect(error.message).toContain(' *** ');
      expect(error.message).not.toContain('Secr');
      expect(error.message).not.toContain('.***');
    }
  });
});
