/**
 * The `tedee-key` node's editor settings, and the key request defaults they give: fields an issue's
 * msg.payload leaves out are taken from here (a shallow merge: msg.payload wins field by field, so a
 * `credentials` in msg.payload replaces the editor's credentials whole).
 */
import type { Profile } from '../core/index.js';

export interface KeyNodeConfig {
  id: string;
  name?: string;
  account?: string;
  /** issue | update | replace-code | resend | revoke | show | list; empty: msg.action says. */
  action?: string;
  reveal?: boolean | string;
  /** A tedee-profile config node's id. */
  profile?: string;
  /** The defaults of an issued key. */
  keyName?: string;
  /** Lock serial numbers (an array from the editor, or "A,B" text from a hand-written flow). */
  doors?: string[] | string;
  smartkey?: boolean | string;
  doorcode?: boolean | string;
  appkey?: boolean | string;
  doorcodePolicy?: string;
  doorcodeLength?: string | number;
  timeZone?: string;
  bestEffort?: boolean | string;
}

export function editorDefaults(config: KeyNodeConfig, profile: Profile | undefined): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  const keyName = text(config.keyName);
  if (keyName) defaults.name = keyName;
  const doors = (typeof config.doors === 'string' ? config.doors.split(',') : (config.doors ?? []))
    .map((door) => door.trim())
    .filter(Boolean);
  if (doors.length > 0) defaults.doors = doors;
  const credentials = credentialsOf(config);
  if (credentials) defaults.credentials = credentials;
  const timeZone = text(config.timeZone);
  if (timeZone) defaults.timeZone = timeZone;
  if (flag(config.bestEffort)) defaults.bestEffort = true;
  if (profile) defaults.profile = profile.name;
  return defaults;
}

function credentialsOf(config: KeyNodeConfig): Record<string, unknown> | undefined {
  const credentials: Record<string, unknown> = {};
  if (flag(config.smartkey)) credentials.smartkey = true;
  if (flag(config.appkey)) credentials.appkey = true;
  if (flag(config.doorcode)) {
    const policy = text(config.doorcodePolicy);
    const length = text(String(config.doorcodeLength ?? ''));
    const doorcode = {
      ...(policy && policy !== 'random' ? { policy } : {}),
      // A number typed in the editor; anything else stays text for the key request's validator to name.
      ...(length ? { length: /^\d+$/.test(length) ? Number(length) : length } : {}),
    };
    credentials.doorcode = Object.keys(doorcode).length > 0 ? doorcode : true;
  }
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

function flag(value: boolean | string | undefined): boolean {
  return value === true || value === 'true';
}

function text(value: string | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
}
