/** The TedeeHub platform with the real Homebridge API object and HAP, against the emulator. */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformAccessory, PlatformConfig } from 'homebridge';
import { beforeEach, describe, expect, it } from 'vitest';
import { TedeeHubPlatform } from '../../src/homebridge/platform.js';
import { PLATFORM_NAME, PLUGIN_NAME } from '../../src/homebridge/settings.js';
import { DOOR_LOCK_CATEGORY, HAP_STATUS } from '../../src/homebridge/hapMapping.js';
import { useEmulator } from '../helpers/emulator.js';
import { homebridgeApi, recordingLog } from '../helpers/homebridgeApi.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3, speed: 20 });
// Homebridge's storage folder for this file: the platform creates its data folder there, never in ~/.homebridge.
const storage = mkdtempSync(join(tmpdir(), 'hb-platform-'));
homebridgeApi().api.user.setStoragePath(storage);

beforeEach(async () => {
  await env.control.reset();
});

function start(
  config: Partial<PlatformConfig>,
  cached: (api: ReturnType<typeof homebridgeApi>['api']) => PlatformAccessory[] = () => [],
) {
  const harness = homebridgeApi();
  const log = recordingLog();
  const platform = new TedeeHubPlatform(
    log,
    { platform: PLATFORM_NAME, name: 'Tedee', ...config },
    harness.api,
  );
  for (const accessory of cached(harness.api)) platform.configureAccessory(accessory);
  harness.api.emit('didFinishLaunching');
  return { ...harness, log, platform, stop: () => harness.api.emit('shutdown') };
}

const uuid = (api: ReturnType<typeof homebridgeApi>['api'], serial: string) =>
  api.hap.uuid.generate(`${PLUGIN_NAME}:${serial}`);

describe('configuration', () => {
  it('without a usable key it logs why and stays idle, without a single cloud request', async () => {
    const { log } = start({ apiUrl: env.url, pollInterval: 1, locks: [{ unlatch: 'twice' }] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const errors = log.lines.filter((line) => line.level === 'error').map((line) => line.message);
    expect(errors).toEqual([
      'Invalid configuration: personalAccessKey: is required',
      'The TedeeHub platform stays idle until the configuration is fixed.',
    ]);
    expect((await env.control.stats()).total).toBe(0);
  });

  it('a problem disables only what it touches: HOOBS plugin_map, an unknown key, a bad lock block', async () => {
    const { api, registered, log, stop } = start({
      personalAccessKey: env.key,
      apiUrl: env.url,
      plugin_map: { plugin_name: 'homebridge-tedee-hub' },
      colour: 'blue',
      locks: [{ name: 'Garage', unlatch: 'Latch', allowUnlock: false }],
    });
    await waitFor(() => registered.length === 3);
    expect(log.lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(
          /^Configuration: colour: is not a known option \(allowed: .*\); ignored$/,
        ) as string,
      },
      {
        level: 'warn',
        message:
          'Configuration: locks[0].unlatch: must be one of "none", "switch", "latch", "onUnlock"; ' +
          'the options of this lock are ignored until it is fixed',
      },
    ]);
    // The lock-only restriction of the bad block still holds.
    const garage = registered.find((accessory) => accessory.displayName === 'Garage')!;
    const { Service, Characteristic } = api.hap;
    await expect(
      garage
        .getService(Service.LockMechanism)!
        .getCharacteristic(Characteristic.LockTargetState)
        .handleSetRequest(0),
    ).rejects.toBe(HAP_STATUS.NOT_ALLOWED_IN_CURRENT_STATE);
    stop();
  });
  it('a lock-only restriction written with a bad value ("false") still refuses unlocking from HomeKit', async () => {
    const { api, registered, log, stop } = start({
      personalAccessKey: env.key,
      apiUrl: env.url,
      locks: [{ name: 'Back Door', allowUnlock: 'false', unlatch: 'switch' }],
    });
    await waitFor(() => registered.length === 3);
    expect(log.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      'Configuration: locks[0].allowUnlock: must be boolean, not a string; treated as false and the other options ' +
        'of this lock are ignored until it is fixed',
    ]);
    const back = registered.find((accessory) => accessory.displayName === 'Back Door')!;
    const { Service, Characteristic } = api.hap;
    await expect(
      back
        .getService(Service.LockMechanism)!
        .getCharacteristic(Characteristic.LockTargetState)
        .handleSetRequest(0),
    ).rejects.toBe(HAP_STATUS.NOT_ALLOWED_IN_CURRENT_STATE);
    expect(log.lines.some((line) => line.message.includes('unlocked from HomeKit'))).toBe(false);
    stop();
  });
});

describe('data folder', () => {
  it("defaults to a tedee-hub folder in Homebridge's storage, created at launch; a configured dataDir wins", () => {
    const byDefault = start({ personalAccessKey: env.key, apiUrl: env.url });
    const folder = join(storage, 'tedee-hub');
    expect(byDefault.platform.settings?.dataDir).toBe(folder);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    byDefault.stop();
    const elsewhere = join(storage, 'elsewhere');
    const configured = start({ personalAccessKey: env.key, apiUrl: env.url, dataDir: elsewhere });
    expect(configured.platform.settings?.dataDir).toBe(elsewhere);
    expect(statSync(elsewhere).isDirectory()).toBe(true);
    configured.stop();
  });
});

describe('accessories', () => {
  it('registers one door-lock accessory per lock, with a UUID from the serial number', async () => {
    const { api, registered, stop } = start({ personalAccessKey: env.key, apiUrl: env.url });
    await waitFor(() => registered.length === 3);
    expect(registered.map((accessory) => accessory.displayName)).toEqual([
      'Front Door',
      'Back Door',
      'Garage',
    ]);
    expect(registered.map((accessory) => accessory.UUID)).toEqual(
      ['20420103-000001', '20420103-000002', '20420103-000003'].map((serial) => uuid(api, serial)),
    );
    expect(registered.map((accessory) => Number(accessory.category))).toEqual([
      DOOR_LOCK_CATEGORY,
      DOOR_LOCK_CATEGORY,
      DOOR_LOCK_CATEGORY,
    ]);
    stop();
  });

  it('escapes control characters of a lock name in every log line (no forged line, no terminal escape)', async () => {
    await env.control.patchLock(101, { name: 'Gar\u001b[31mage\nFAKE 104 line\u202e' });
    const { api, registered, log, stop } = start({
      personalAccessKey: env.key,
      apiUrl: env.url,
      locks: [{ serialNumber: '20420103-000001', allowUnlock: false }],
    });
    await waitFor(() => registered.length === 3);
    const target = registered[0]!
      .getService(api.hap.Service.LockMechanism)!
      .getCharacteristic(api.hap.Characteristic.LockTargetState);
    await expect(target.handleSetRequest(0)).rejects.toBe(HAP_STATUS.NOT_ALLOWED_IN_CURRENT_STATE);
    await target.handleSetRequest(1);
    await waitFor(
      () => log.lines.some((line) => line.message.includes('from HomeKit')),
      15_000,
      'the outcome',
    );
    const shown = 'Gar\\u001b[31mage\\u000aFAKE 104 line\\u202e';
    const messages = log.lines.map((line) => line.message);
    expect(messages).toContain(`Added ${shown} (20420103-000001)`);
    expect(messages).toContain(`${shown} locked from HomeKit`);
    expect(messages.find((message) => message.includes(' refused: '))).toBe(
      `Unlocking ${shown} refused: Unlocking ${shown} is disabled in the configuration (allowUnlock: false).`,
    );
    // eslint-disable-next-line no-control-regex
    expect(messages.filter((message) => /[\u0000-\u001f\u007f-\u009f\u202e]/.test(message))).toEqual([]);
    stop();
  });

  it('restores cached accessories, removes stale and hidden ones, adds the new ones', async () => {
    let cachedFront: PlatformAccessory | undefined;
    const { api, registered, unregistered, stop } = start(
      { personalAccessKey: env.key, apiUrl: env.url, locks: [{ name: 'Garage', hidden: true }] },
      (api) => {
        cachedFront = new api.platformAccessory('Front Door', uuid(api, '20420103-000001'), 6);
        const stale = new api.platformAccessory('Old Door', uuid(api, '99999999-000001'), 6);
        const hidden = new api.platformAccessory('Garage', uuid(api, '20420103-000003'), 6);
        return [cachedFront, stale, hidden];
      },
    );
    await waitFor(() => unregistered.length === 2);
    expect(registered.map((accessory) => accessory.displayName)).toEqual(['Back Door']);
    expect(unregistered.map((accessory) => accessory.displayName).sort()).toEqual(['Garage', 'Old Door']);
    const mechanism = cachedFront!.getService(api.hap.Service.LockMechanism)!;
    expect(
      await mechanism.getCharacteristic(api.hap.Characteristic.LockCurrentState).handleGetRequest(),
    ).toBe(1);
    stop();
  });

  it('never removes cached accessories before a discovery succeeded', async () => {
    const { unregistered, log, stop } = start(
      { personalAccessKey: env.key, apiUrl: 'http://127.0.0.1:1' },
      (api) => [new api.platformAccessory('Front Door', uuid(api, '20420103-000001'), 6)],
    );
    await waitFor(() =>
      log.lines.some((line) => line.message.includes('Reading the locks from the Tedee cloud failed')),
    );
    expect(unregistered).toEqual([]);
    stop();
  });

  it('stops the hub on shutdown: commands are refused afterwards', async () => {
    const { api, registered, stop } = start({ personalAccessKey: env.key, apiUrl: env.url });
    await waitFor(() => registered.length === 3);
    stop();
    const target = registered[0]!
      .getService(api.hap.Service.LockMechanism)!
      .getCharacteristic(api.hap.Characteristic.LockTargetState);
    await expect(target.handleSetRequest(0)).rejects.toBe(HAP_STATUS.NOT_ALLOWED_IN_CURRENT_STATE);
  });
});

describe('cached accessories before their lock is known', () => {
  it('refuse writes (instead of accepting them silently) until the hub binds them', async () => {
    let cached: PlatformAccessory | undefined;
    const { api } = start({ personalAccessKey: env.key, apiUrl: 'http://127.0.0.1:1' }, (hbApi) => {
      cached = new hbApi.platformAccessory('Front Door', uuid(hbApi, '20420103-000001'), 6);
      cached.addService(hbApi.hap.Service.LockMechanism, 'Front Door');
      return [cached];
    });
    const mechanism = cached!.getService(api.hap.Service.LockMechanism)!;
    await expect(
      mechanism.getCharacteristic(api.hap.Characteristic.LockTargetState).handleSetRequest(0),
    ).rejects.toBe(HAP_STATUS.SERVICE_COMMUNICATION_FAILURE);
    expect(
      await mechanism.getCharacteristic(api.hap.Characteristic.LockCurrentState).handleGetRequest(),
    ).toBeDefined();
  });

  /** A cached Front Door showing "Locked", as Homebridge restores it. */
  const cachedFrontDoor = (hbApi: ReturnType<typeof homebridgeApi>['api']) => {
    const accessory = new hbApi.platformAccessory('Front Door', uuid(hbApi, '20420103-000001'), 6);
    accessory
      .addService(hbApi.hap.Service.LockMechanism, 'Front Door')
      .updateCharacteristic(hbApi.hap.Characteristic.LockCurrentState, 1);
    return accessory;
  };

  it('keep their cached state while fewer polls than unavailableAfterFailures failed', async () => {
    let cached: PlatformAccessory | undefined;
    const { api, log, stop } = start(
      { personalAccessKey: env.key, apiUrl: 'http://127.0.0.1:1', unavailableAfterFailures: 3 },
      (hbApi) => [(cached = cachedFrontDoor(hbApi))],
    );
    await waitFor(() => log.lines.some((line) => line.message.startsWith('Reading the locks')));
    const current = cached!
      .getService(api.hap.Service.LockMechanism)!
      .getCharacteristic(api.hap.Characteristic.LockCurrentState);
    expect(await current.handleGetRequest()).toBe(1);
    stop();
  });

  it('answer No Response once unavailableAfterFailures polls failed, and when the key is rejected', async () => {
    for (const config of [
      { personalAccessKey: env.key, apiUrl: 'http://127.0.0.1:1', unavailableAfterFailures: 1 },
      { personalAccessKey: 'revoked.KeyThatTheCloudRejects', apiUrl: env.url },
    ]) {
      let cached: PlatformAccessory | undefined;
      const { api, stop } = start(config, (hbApi) => [(cached = cachedFrontDoor(hbApi))]);
      const current = cached!
        .getService(api.hap.Service.LockMechanism)!
        .getCharacteristic(api.hap.Characteristic.LockCurrentState);
      await waitFor(
        () =>
          current.handleGetRequest().then(
            () => false,
            (status: unknown) => status === HAP_STATUS.SERVICE_COMMUNICATION_FAILURE,
          ),
        20_000,
        `No Response with ${config.apiUrl}`,
      );
      stop();
    }
  }, 60_000);

  it('answer No Response to reads too while the platform is idle (bad configuration)', async () => {
    let cached: PlatformAccessory | undefined;
    const { api } = start({ pollInterval: 1 }, (hbApi) => {
      cached = new hbApi.platformAccessory('Front Door', uuid(hbApi, '20420103-000001'), 6);
      cached.addService(hbApi.hap.Service.LockMechanism, 'Front Door');
      return [cached];
    });
    const mechanism = cached!.getService(api.hap.Service.LockMechanism)!;
    await expect(
      mechanism.getCharacteristic(api.hap.Characteristic.LockCurrentState).handleGetRequest(),
    ).rejects.toBe(HAP_STATUS.SERVICE_COMMUNICATION_FAILURE);
  });
});

describe('"Verified by Homebridge" package rules', async () => {
  const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as Record<
    string,
    unknown
  > & {
    keywords: string[];
    engines: Record<string, string>;
    scripts: Record<string, string>;
    dependencies?: Record<string, string>;
    bugs: { url: string };
  };

  it('has the fields the checker and the UI read', () => {
    expect(pkg.name).toMatch(/^homebridge-/);
    expect(pkg.displayName).toBeTruthy();
    expect(pkg.keywords).toContain('homebridge-plugin');
    expect(pkg.keywords.length).toBeGreaterThanOrEqual(2);
    expect(String(pkg.homepage)).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\//);
    expect(pkg.engines.homebridge).toBe('^1.8.0 || ^2.0.0');
    expect(pkg.engines.node).toBe('^22.13 || ^24 || ^26');
  });

  it('says who made it and under which license, and ships the license text', () => {
    expect(pkg.author).toMatchObject({ name: expect.any(String) as string });
    expect(pkg.license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 20\d\d /);
  });

  it('has no install scripts and does not depend on homebridge or HAP', () => {
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(pkg.scripts).not.toHaveProperty(script);
    for (const forbidden of ['homebridge', 'hap-nodejs', '@homebridge/hap-nodejs'])
      expect(pkg.dependencies ?? {}).not.toHaveProperty(forbidden);
  });
});
