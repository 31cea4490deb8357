import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSchemaFile, validateConfig } from '../../../src/config/index.js';

const key = 'abc123.SecretPartOfTheKey';

describe('validateConfig', () => {
  it('accepts a minimal config and fills in the defaults', () => {
    const result = validateConfig({ personalAccessKey: key });
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        personalAccessKey: key,
        apiUrl: 'https://api.tedee.com',
        pollInterval: 20,
        requestBudgetPerHour: 600,
        unavailableAfterFailures: 3,
        locks: [],
      }) as object,
    });
  });

  it('accepts a Homebridge platform block (platform, name, _bridge)', () => {
    const result = validateConfig({
      platform: 'TedeeHub',
      name: 'Tedee',
      _bridge: { username: '0E:00:00:00:00:01', port: 51000 },
      personalAccessKey: key,
    });
    expect(result.ok).toBe(true);
  });

  it('reports every problem as "path: message"', () => {
    const result = validateConfig({
      personalAccessKey: 'no-dot',
      pollInterval: 5,
      requestBudgetPerHour: 900,
      apiUrl: 'ftp://example.com',
      colour: 'blue',
      locks: [{ unlockMode: 1, unlatch: 'sometimes' }, { serialNumber: 'x', allowUnlock: 'no' }, 7],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'personalAccessKey: must look like <prefix>.<secret>, as the Tedee Portal shows it once',
        'pollInterval: must be >= 10',
        'requestBudgetPerHour: must be <= 700',
        'apiUrl: must be an http:// or https:// URL',
        expect.stringMatching(/^colour: is not a known option \(allowed: name, personalAccessKey/) as string,
        'locks[0]: needs a serialNumber or a name',
        'locks[0].unlockMode: must be one of 0, 2, 3, 4',
        'locks[0].unlatch: must be one of "none", "switch", "latch", "onUnlock"',
        'locks[1].allowUnlock: must be boolean, not a string',
        'locks[2]: must be object, not a number',
      ]),
    );
    expect(result.errors).toHaveLength(10);
  });

  it('says a missing key is required, and never echoes a value', () => {
    const result = validateConfig({ secondaryAccessKey: 'abc.' });
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining(['personalAccessKey: is required']) as string[],
    });
    expect(JSON.stringify(validateConfig({ personalAccessKey: 'Secret With Spaces' }))).not.toContain(
      'Secret With Spaces',
    );
  });

  it('does not change its input', () => {
    const input = { personalAccessKey: key };
    validateConfig(input);
    expect(input).toEqual({ personalAccessKey: key });
  });
});

describe('config.schema.json', () => {
  it('is the Homebridge form of the TedeeHub platform: alias, singular, draft-07 required arrays, the key as password', () => {
    const file = loadSchemaFile();
    expect(file).toMatchObject({ pluginAlias: 'TedeeHub', pluginType: 'platform', singular: true });
    expect(file.schema.required).toEqual(['personalAccessKey']);
    const raw = readFileSync('config.schema.json', 'utf8');
    expect(raw).not.toMatch(/"required":\s*true/);
    expect(file.schema.properties.personalAccessKey).toMatchObject({ 'x-schema-form': { type: 'password' } });
    expect(file.schema.properties).toHaveProperty('name');
  });
});

describe('the mqtt block', () => {
  it('gets its defaults in code, so the Homebridge form never saves half a block', () => {
    const file = loadSchemaFile();
    expect(JSON.stringify(file.schema.properties.mqtt)).not.toContain('"default"');
    const result = validateConfig({ personalAccessKey: key, mqtt: { url: 'mqtt://broker:1883' } });
    expect(result.ok && result.config.mqtt).toEqual({
      url: 'mqtt://broker:1883',
      protocolVersion: 5,
      baseTopic: 'tedee',
      retain: true,
      discovery: { enabled: true, prefix: 'homeassistant' },
      commands: { enabled: false, actions: ['lock'], locks: [] },
    });
    const embedded = validateConfig({ personalAccessKey: key, mqtt: { embedded: {} } });
    expect(embedded.ok && embedded.config.mqtt?.embedded).toEqual({ port: 1883, host: '127.0.0.1' });
  });

  it('needs a broker: a url or the embedded one', () => {
    expect(validateConfig({ personalAccessKey: key, mqtt: { baseTopic: 'x' } })).toEqual({
      ok: false,
      errors: ['mqtt: needs a url (an external broker) or embedded (a broker inside the hub)'],
    });
  });
});
