import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSchemaFile, validateConfig } from '../../../src/config/index.js';

const key = 'abc123.SecretPartOfTheKey';

describe('validateConfig', () => {
  it('accepts a minimal config and fills in the defaults', () => {
    const result = validateConfig({ personalAccessKey: key });
    expect(result).toEqual({
      ok: true,
      warnings: [],
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

  it('fails only for a missing or unusable key or API URL, with every such problem as "path: message"', () => {
    const result = validateConfig({
      personalAccessKey: 'no-dot',
      secondaryAccessKey: 'abc.',
      apiUrl: 'ftp://example.com',
      pollInterval: 5,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'personalAccessKey: must look like <prefix>.<secret>, as the Tedee Portal shows it once',
        'apiUrl: must be an http:// or https:// URL',
      ],
    });
    expect(validateConfig('not an object')).toEqual({
      ok: false,
      errors: ['(config): must be object, not a string'],
    });
  });

  it('ignores unknown keys with one warning each; the keys hosts add (HOOBS plugin_map, _bridge) silently', () => {
    const result = validateConfig({
      platform: 'TedeeHub',
      plugin_map: { plugin_name: 'homebridge-tedee-hub' },
      _bridge: { username: '0E:00:00:00:00:01', port: 51000 },
      personalAccessKey: key,
      colour: 'blue',
      locks: [{ serialNumber: 'S1', unlatch: 'latch', colour: 'red' }],
    });
    expect(result.ok && result.warnings).toEqual([
      expect.stringMatching(
        /^colour: is not a known option \(allowed: name, personalAccessKey.*\); ignored$/,
      ) as string,
      expect.stringMatching(
        /^locks\[0\]\.colour: is not a known option \(allowed: serialNumber, .*\); ignored$/,
      ) as string,
    ]);
    expect(result.ok && result.config).not.toHaveProperty('colour');
    expect(result.ok && result.config.locks).toEqual([
      expect.objectContaining({ serialNumber: 'S1', unlatch: 'latch' }),
    ]);
  });

  it("a bad value in one lock block drops that block's options (restrictions stay) with a warning naming the field", () => {
    const result = validateConfig({
      personalAccessKey: key,
      locks: [
        { serialNumber: 'S1', unlatch: 'sometimes', allowUnlock: false, hidden: true },
        { name: 'Back Door', unlatch: 'latch', allowOpen: 'no' },
        { unlockMode: 1 },
        7,
        { serialNumber: 'S4', unlatch: 'switch' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ignored = 'the options of this lock are ignored until it is fixed';
    expect(result.warnings).toEqual([
      `locks[0].unlatch: must be one of "none", "switch", "latch", "onUnlock"; ${ignored}`,
      'locks[1].allowOpen: must be boolean, not a string; treated as false and the other options of this lock are ignored until it is fixed',
      `locks[2]: needs a serialNumber or a name; ${ignored}`,
      `locks[2].unlockMode: must be one of 0, 2, 3, 4; ${ignored}`,
      `locks[3]: must be object, not a number; ${ignored}`,
    ]);
    // A mistake never grants more than was written: lock-only and hidden survive, everything else is default.
    expect(result.config.locks).toEqual([
      { serialNumber: 'S1', allowUnlock: false, hidden: true, unlatch: 'none', unlockMode: 0 },
      {
        name: 'Back Door',
        allowUnlock: true,
        allowOpen: false,
        hidden: false,
        unlatch: 'none',
        unlockMode: 0,
      },
      { serialNumber: 'S4', unlatch: 'switch', allowUnlock: true, hidden: false, unlockMode: 0 },
    ]);
  });

  it('a restriction written with a bad value counts as its restrictive value, and the warning says so', () => {
    const result = validateConfig({
      personalAccessKey: key,
      locks: [
        { name: 'Back Door', allowUnlock: 'false', unlatch: 'switch' },
        { serialNumber: 'S2', allowOpen: 0, unlatch: 'latch' },
        { name: 'Shed', hidden: 'no' },
        { name: 'Attic', allowUnlock: null, allowOpen: true, hidden: false },
        { allowUnlock: 'false' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ignored = 'the other options of this lock are ignored until it is fixed';
    expect(result.warnings).toEqual([
      `locks[0].allowUnlock: must be boolean, not a string; treated as false and ${ignored}`,
      `locks[1].allowOpen: must be boolean, not a number; treated as false and ${ignored}`,
      `locks[2].hidden: must be boolean, not a string; treated as true and ${ignored}`,
      `locks[3].allowUnlock: must be boolean, not null; treated as false and ${ignored}`,
      'locks[4]: needs a serialNumber or a name; the options of this lock are ignored until it is fixed',
      'locks[4].allowUnlock: must be boolean, not a string; the options of this lock are ignored until it is fixed',
    ]);
    const defaults = { unlatch: 'none', unlockMode: 0 };
    expect(result.config.locks).toEqual([
      { name: 'Back Door', allowUnlock: false, hidden: false, ...defaults },
      { serialNumber: 'S2', allowUnlock: true, allowOpen: false, hidden: false, ...defaults },
      { name: 'Shed', allowUnlock: true, hidden: true, ...defaults },
      { name: 'Attic', allowUnlock: false, hidden: false, ...defaults },
    ]);
  });

  it('a bad general option falls back to its default with a warning', () => {
    const result = validateConfig({
      personalAccessKey: key,
      secondaryAccessKey: 'abc.',
      pollInterval: 5,
      requestBudgetPerHour: 900,
      lowBatteryThreshold: 'low',
    });
    expect(result).toEqual({
      ok: true,
      warnings: [
        'secondaryAccessKey: must look like <prefix>.<secret>, as the Tedee Portal shows it once; ignored',
        'pollInterval: must be >= 10; the default (20) is used',
        'requestBudgetPerHour: must be <= 700; the default (600) is used',
        'lowBatteryThreshold: must be integer, not a string; the default (20) is used',
      ],
      config: expect.objectContaining({
        pollInterval: 20,
        requestBudgetPerHour: 600,
        lowBatteryThreshold: 20,
      }) as object,
    });
    expect(result.ok && result.config).not.toHaveProperty('secondaryAccessKey');
  });

  it('says a missing key is required, and never echoes a value', () => {
    const result = validateConfig({ secondaryAccessKey: 'abc.' });
    expect(result).toEqual({ ok: false, errors: ['personalAccessKey: is required'] });
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
      activity: { enabled: true },
      discovery: { enabled: true, prefix: 'homeassistant' },
      commands: { enabled: false, actions: ['lock'], locks: [] },
    });
    const embedded = validateConfig({ personalAccessKey: key, mqtt: { embedded: {} } });
    expect(embedded.ok && embedded.config.mqtt?.embedded).toEqual({ port: 1883, host: '127.0.0.1' });
  });

  it('takes the activity settings, and names a bad interval', () => {
    const on = validateConfig({
      personalAccessKey: key,
      mqtt: { url: 'mqtt://b', activity: { interval: 120 } },
    });
    expect(on.ok && on.config.mqtt?.activity).toEqual({ enabled: true, interval: 120 });
    const bad = validateConfig({
      personalAccessKey: key,
      mqtt: { url: 'mqtt://b', activity: { interval: 5 } },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join()).toMatch(/mqtt\.activity\.interval/);
  });

  it('needs a broker: a url or the embedded one', () => {
    expect(validateConfig({ personalAccessKey: key, mqtt: { baseTopic: 'x' } })).toEqual({
      ok: false,
      errors: ['mqtt: needs a url (an external broker) or embedded (a broker inside the hub)'],
    });
  });
});
