/**
 * The account node's editor settings and credentials, turned into hub settings through the same schema as
 * every other host (config/), so a bad value gets the same message naming the field. As there, a value that
 * can be ignored (a poll interval below the minimum) is a warning and its default is used; a value that
 * cannot (an API URL that is no URL, an unknown role, no key) fails the node.
 */
import { join } from 'node:path';
import { validateConfig } from '../config/index.js';
import type { HubSettings, IssuerRole } from '../core/index.js';
import { ISSUER_ROLES } from '../core/keys/model.js';

export interface AccountConfig {
  id: string;
  name?: string;
  apiUrl?: string;
  pollInterval?: string | number;
  requestBudgetPerHour?: string | number;
  dataDir?: string;
  role?: string;
}

export type AccountSettings =
  { ok: true; hub: HubSettings; role: IssuerRole; warnings: string[] } | { ok: false; errors: string[] };

/** The account's default data folder: `tedee-hub` in the Node-RED user dir (keys, lockouts). */
export function defaultDataDir(userDir: string | undefined): string | undefined {
  return userDir ? join(userDir, 'tedee-hub') : undefined;
}

export function readAccountSettings(
  config: AccountConfig,
  credentials: { personalAccessKey?: string; secondaryAccessKey?: string } | undefined,
  userDir: string | undefined,
): AccountSettings {
  const errors: string[] = [];
  const role = blank(config.role) ?? 'owner';
  if (!(ISSUER_ROLES as readonly string[]).includes(role))
    errors.push(`role: "${role}" is not a role; use one of ${ISSUER_ROLES.join(', ')}`);
  const raw = dropUnset({
    personalAccessKey: blank(credentials?.personalAccessKey),
    secondaryAccessKey: blank(credentials?.secondaryAccessKey),
    apiUrl: blank(config.apiUrl),
    pollInterval: numberOrText(config.pollInterval),
    requestBudgetPerHour: numberOrText(config.requestBudgetPerHour),
    dataDir: blank(config.dataDir) ?? defaultDataDir(userDir),
  });
  if (raw.personalAccessKey === undefined) {
    errors.push('personalAccessKey: missing; paste a personal access key from the Tedee Portal');
    return { ok: false, errors };
  }
  const result = validateConfig(raw);
  if (!result.ok) return { ok: false, errors: [...errors, ...result.errors] };
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, hub: result.config, role: role as IssuerRole, warnings: result.warnings };
}

/** Editor fields arrive as text; an empty field means "use the default". */
function blank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A number typed in the editor becomes a number; anything else stays text for the schema to name. */
function numberOrText(value: string | number | undefined): number | string | undefined {
  if (typeof value === 'number') return value;
  const text = blank(value);
  if (text === undefined) return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function dropUnset<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
