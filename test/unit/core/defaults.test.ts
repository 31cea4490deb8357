/**
 * config.schema.json (the Homebridge form, the validator) and core's DEFAULTS state the same defaults twice:
 * this test ties them so that neither can drift alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveLockSettings } from '../../../src/core/index.js';

interface Property {
  default?: unknown;
  minimum?: number;
  items?: { properties: Record<string, Property> };
}

const schema = (
  JSON.parse(readFileSync('config.schema.json', 'utf8')) as {
    schema: { properties: Record<string, Property> };
  }
).schema.properties;

describe('config schema defaults and core DEFAULTS', () => {
  // Every hub setting with a default in core; each must be in the schema with the same default.
  const settings = [
    'pollInterval',
    'requestBudgetPerHour',
    'unavailableAfterFailures',
    'commandTimeout',
  ] as const;

  it.each(settings)('%s has the same default in both', (name) => {
    expect(schema[name], `${name} missing from config.schema.json`).toBeDefined();
    expect(schema[name]!.default).toBe(DEFAULTS[name]);
  });

  it('every DEFAULTS key that the schema knows has the schema default', () => {
    for (const [name, value] of Object.entries(DEFAULTS)) {
      if (schema[name] !== undefined) expect(schema[name].default, name).toBe(value);
    }
  });

  it("the schema's minimum poll interval is core's", () => {
    expect(schema.pollInterval!.minimum).toBe(DEFAULTS.minPollInterval);
  });

  it('per-lock defaults: what the schema fills in is what core assumes for a lock without an entry', () => {
    const lock = schema.locks!.items!.properties;
    const resolved = resolveLockSettings({ personalAccessKey: 'k.s' }, { serialNumber: 'S', name: 'Door' });
    expect(lock.unlockMode!.default).toBe(DEFAULTS.unlockMode);
    expect(lock.unlockMode!.default).toBe(resolved.unlockMode);
    expect(lock.hidden!.default).toBe(resolved.hidden);
    expect(lock.allowUnlock!.default).toBe(resolved.allowUnlock);
  });
});
