/** The real Homebridge API object (real HAP, real PlatformAccessory), with the calls a platform makes recorded. */
import { vi } from 'vitest';
import { HomebridgeAPI } from '../../node_modules/homebridge/dist/api.js';
import type { Logging, PlatformAccessory } from 'homebridge';

export function homebridgeApi() {
  const api = new HomebridgeAPI();
  const registered: PlatformAccessory[] = [];
  const unregistered: PlatformAccessory[] = [];
  vi.spyOn(api, 'registerPlatformAccessories').mockImplementation(
    (_plugin, _platform, accessories) => void registered.push(...accessories),
  );
  vi.spyOn(api, 'unregisterPlatformAccessories').mockImplementation(
    (_plugin, _platform, accessories) => void unregistered.push(...accessories),
  );
  vi.spyOn(api, 'updatePlatformAccessories').mockImplementation(() => undefined);
  return { api, registered, unregistered };
}

export function recordingLog(): Logging & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  const log = Object.assign(at('log'), {
    prefix: 'Tedee',
    lines,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    success: at('success'),
    log: (level: string, message: string) => lines.push({ level, message }),
  });
  return log as Logging & { lines: { level: string; message: string }[] };
}
