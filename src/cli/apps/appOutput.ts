/**
 * How the CLI shows applications, access keys and audit entries (pure): tables and --json. An access key is
 * shown by its prefix; the whole key appears only in the answer to `apps keys add` (createdKeyLines).
 */
import type { AccessKeyInfo, Application, AuditEntry, CreatedAccessKey } from '../../core/apps/api.js';
import { table } from '../table.js';

export function applicationsTable(apps: Application[], keys: AccessKeyInfo[]): string[] {
  const count = (id: string) => keys.filter((key) => key.applicationId === id).length;
  return table([
    ['NAME', 'GROUP', 'LOCKS', 'KEYS', 'CREATED', 'DESCRIPTION'],
    ...apps.map((app) => [
      app.name,
      app.group,
      app.locks?.join(',') ?? 'all',
      String(count(app.id)),
      app.createdAt.slice(0, 16).replace('T', ' '),
      app.description ?? '',
    ]),
  ]);
}

function time(iso: string | null, none: string): string {
  return iso === null ? none : iso.slice(0, 16).replace('T', ' ');
}

export function accessKeysTable(keys: AccessKeyInfo[]): string[] {
  return table([
    ['APPLICATION', 'NAME', 'PREFIX', 'STATE', 'EXPIRES', 'CREATED', 'LAST USED', 'ID'],
    ...keys.map((key) => [
      key.applicationName,
      key.name,
      key.prefix,
      key.state,
      time(key.expiresAt, 'never'),
      time(key.createdAt, '-'),
      time(key.lastUsedAt, 'never'),
      key.id,
    ]),
  ]);
}

/** `apps keys add --json`: exactly these fields, on one line. */
export function createdKeyJson(key: CreatedAccessKey): string {
  const { id, name, prefix, key: secret, expiresAt } = key;
  return JSON.stringify({ id, name, prefix, key: secret, expiresAt });
}

/** `apps keys add` for a person: the key once, and that it will not be shown again. */
export function createdKeyLines(key: CreatedAccessKey): string[] {
  const expiry = key.expiresAt === null ? 'no expiry' : `expires ${key.expiresAt}`;
  return [
    `Access key ${key.name} of ${key.applicationName} (${expiry}): ${key.key}`,
    `Copy it now: it will not be shown again. From now on it shows as its prefix, ${key.prefix}.`,
  ];
}

export function auditLines(entries: AuditEntry[]): string[] {
  return entries.map((entry) =>
    [
      entry.at,
      entry.application ?? '-',
      entry.keyPrefix ?? '-',
      entry.operation,
      entry.target ?? '-',
      entry.code === undefined ? entry.outcome : `${entry.outcome} ${entry.code}`,
    ].join('  '),
  );
}
