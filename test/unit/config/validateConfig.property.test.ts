/**
 * The configuration for any JSON a user, the Homebridge UI or a script writes: ok with warnings, or errors, each
 * "path: message" naming a field; never a throw, never a value echoed (it may be a key), never a change to the
 * input, and no prototype pollution from `__proto__` or `constructor` keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';

const KEY = 'abc123.SecretPartOfTheKey';
const SECRET = 'Zq9SecretValue';

/** Any JSON value, with the secret among the strings so that an echo would show. */
const value = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(SECRET),
  fc.constant({ __proto__: null, polluted: true }),
);
const lockEntry = fc.dictionary(
  fc.constantFrom('serialNumber', 'name', 'hidden', 'allowUnlock', 'allowOpen', 'unlockMode', 'unlatch', 'x'),
  value,
);
const mqttBlock = fc.dictionary(
  fc.constantFrom(
    'url',
    'username',
    'password',
    'protocolVersion',
    'baseTopic',
    'retain',
    'discovery',
    'commands',
    'embedded',
    '__proto__',
  ),
  fc.oneof(
    value,
    fc.record({ enabled: value, actions: value, code: value, locks: fc.array(lockEntry, { maxLength: 2 }) }),
  ),
);
/** Configurations near the schema: the known options with any values, and stray keys among them. */
const nearConfig = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'personalAccessKey',
      'secondaryAccessKey',
      'apiUrl',
      'pollInterval',
      'requestBudgetPerHour',
      'unavailableAfterFailures',
      'commandTimeout',
      'dataDir',
      'lowBatteryThreshold',
      'locks',
      'mqtt',
      'api',
      'smtp',
      'delivery',
      'platform',
      '__proto__',
      'constructor',
      'prototype',
    ),
    fc.string({ maxLength: 8 }),
  ),
  fc.oneof(value, fc.array(lockEntry, { maxLength: 3 }), mqttBlock),
  { maxKeys: 8 },
);
/** As JSON.parse reads a file: `__proto__` becomes an own key, which is what a hostile file does. */
const fromFile = (config: unknown) => JSON.parse(JSON.stringify(config)) as unknown;

function check(raw: unknown): void {
  const before = JSON.stringify(raw);
  const result = validateConfig(raw);
  expect(JSON.stringify(raw)).toBe(before);
  const lines = result.ok ? result.warnings : result.errors;
  if (!result.ok) expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).toMatch(/^\S.*?: \S/);
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain('SecretPartOfTheKey');
  }
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('validateConfig for any JSON (property)', () => {
  it('any JSON at all', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => check(raw)),
      { numRuns: 500 },
    );
  });

  it('configurations near the schema, with and without a key, parsed as from a file', () => {
    fc.assert(
      fc.property(nearConfig, fc.boolean(), (config, withKey) => {
        check(fromFile(withKey ? { ...config, personalAccessKey: KEY } : config));
      }),
      { numRuns: 700 },
    );
  });

  it('a file with __proto__ and constructor keys pollutes nothing and names the keys', () => {
    const text = `{"personalAccessKey":"${KEY}","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"locks":[{"__proto__":{"hidden":false},"serialNumber":"S1"}],"mqtt":{"__proto__":{"polluted":true},"url":"mqtt://127.0.0.1:1883"}}`;
    const result = validateConfig(JSON.parse(text));
    check(JSON.parse(text));
    const said = result.ok ? result.warnings : result.errors;
    expect(said.join('\n')).toMatch(/__proto__: is not a known option/);
    expect(said.join('\n')).toMatch(/constructor: is not a known option/);
    if (result.ok) {
      expect(Object.getPrototypeOf(result.config)).toBe(Object.prototype);
      expect(result.config.locks[0]).not.toHaveProperty('polluted');
    }
  });

  it('an empty, blank or dotted key is quoted, so the line still names one field', () => {
    const result = validateConfig({ personalAccessKey: KEY, '': 1, ' ': 2, 'mqtt.url': 3, 'a\nb': 4 });
    const said = result.ok ? result.warnings : result.errors;
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[""\]: is not a known option/),
        expect.stringMatching(/^\[" "\]: is not a known option/),
        expect.stringMatching(/^\["mqtt\.url"\]: is not a known option/),
        expect.stringMatching(/^\["a\\nb"\]: is not a known option/),
      ]) as string[],
    );
  });
});
