/**
 * How the CLI shows keys (pure): the --json key object, a table for `keys list`, the lines of `keys show`,
 * a dry run's plan, and an error as one line. Every doorcode is masked here unless --reveal, whatever the
 * service returned (masking twice changes nothing), so that no path prints a code by accident.
 */
import type { IssuePlan } from '../../core/keys/service/api.js';
import type { DoorCredential, DoorCredentialStatus, Key, KeyWarning, Person } from '../../core/keys/model.js';
import { maskDoorcodesIn, maskKeyDoorcodes } from '../../core/keys/masking.js';
import { printable } from '../../util/printable.js';
import { table } from '../table.js';

/** The name of each lock the hub knows, by id. */
export type LockNames = ReadonlyMap<number, string>;

export interface DoorView {
  lockId: number;
  name?: string;
  /** The door's status: the least finished of its credentials' (failed, waiting, setting, removing, set, removed). */
  status: DoorCredentialStatus | 'none';
  code?: string;
  reason?: string;
  credentials: {
    kind: DoorCredential['kind'];
    person: string;
    status: DoorCredentialStatus;
    code?: string;
    reason?: string;
    pending?: boolean;
  }[];
}

export interface KeyView {
  id: string;
  name: string;
  status: Key['status'];
  warnings: KeyWarning[];
  persons: Person[];
  doors: DoorView[];
  schedule: Key['schedule'];
  profile?: string;
  notes?: string;
  requestId?: string;
  createdBy: Key['createdBy'];
  createdAt: string;
  updatedAt: string;
}

/** Worst first: a door shows the status of its least finished credential. */
const DOOR_STATUS_ORDER: DoorCredentialStatus[] = [
  'failed',
  'waiting',
  'setting',
  'removing',
  'set',
  'removed',
];

function doorView(key: Key, lockId: number, names: LockNames): DoorView {
  const objects = key.objects.filter((object) => object.lockId === lockId);
  const status =
    DOOR_STATUS_ORDER.find((candidate) => objects.some((object) => object.status === candidate)) ?? 'none';
  const telling = objects.find((object) => object.status === status && (object.code || object.reason));
  return {
    lockId,
    ...(names.has(lockId) && { name: names.get(lockId) }),
    status,
    ...(telling?.code && { code: telling.code }),
    ...(telling?.reason && { reason: telling.reason }),
    credentials: objects.map((object) => ({
      kind: object.kind,
      person: key.persons[object.person]?.name ?? `#${object.person}`,
      status: object.status,
      ...(object.code && { code: object.code }),
      ...(object.reason && { reason: object.reason }),
      ...(object.pending !== undefined && { pending: object.pending }),
    })),
  };
}

/** The --json key object: id, status, warnings, persons (doorcodes masked unless reveal), doors with their status. */
export function keyView(key: Key, names: LockNames, options: { reveal?: boolean } = {}): KeyView {
  const shown = maskKeyDoorcodes(key, options);
  const doors = [...new Set([...shown.doors, ...shown.objects.map((object) => object.lockId)])];
  return {
    id: shown.id,
    name: shown.name,
    status: shown.status,
    warnings: shown.warnings,
    persons: shown.persons,
    doors: doors.map((lockId) => doorView(shown, lockId, names)),
    schedule: shown.schedule,
    ...(shown.profile !== undefined && { profile: shown.profile }),
    ...(shown.notes !== undefined && { notes: shown.notes }),
    ...(shown.requestId !== undefined && { requestId: shown.requestId }),
    createdBy: shown.createdBy,
    createdAt: shown.createdAt,
    updatedAt: shown.updatedAt,
  };
}

/** JSON as lines (the CLI writes line by line). */
export function jsonLines(value: unknown): string[] {
  return JSON.stringify(value, null, 2).split('\n');
}

function doorName(door: { lockId: number; name?: string }): string {
  return door.name ?? String(door.lockId);
}

/** "2027-01-11T15:00 – 2027-01-14T11:00 Europe/Warsaw, mon,tue 09:00-17:00" */
export function describeSchedule(schedule: Key['schedule']): string {
  const period =
    schedule.from || schedule.until ? `${schedule.from ?? '…'} – ${schedule.until ?? '…'}` : 'permanent';
  const days = schedule.days?.length ? `, ${schedule.days.join(',')}` : '';
  const hours = schedule.hours ? ` ${schedule.hours.from}-${schedule.hours.to}` : '';
  return `${period} ${schedule.timeZone}${days}${hours}`;
}

/** `keys list`: one row per key. Text from the cloud or the user is escaped before the columns are measured. */
export function keysTable(keys: Key[], names: LockNames): string[] {
  const header = ['ID', 'NAME', 'STATUS', 'DOORS', 'PERSONS', 'VALID'];
  const rows = keys.map((key) => [
    key.id,
    printable(key.name),
    key.status,
    printable(key.doors.map((lockId) => names.get(lockId) ?? String(lockId)).join(', ')),
    printable(key.persons.map((person) => person.name).join(', ')),
    printable(describeSchedule(key.schedule)),
  ]);
  return table([header, ...rows]);
}

function describePerson(person: Person): string {
  const email = person.email ? ` <${person.email}>` : '';
  const phone = person.phone ? ` ${person.phone}` : '';
  const kinds = Object.entries(person.credentials)
    .filter(([, value]) => value !== false && value !== undefined)
    .map(([kind]) => kind);
  const code = person.doorcode ? `, doorcode ${person.doorcode}` : '';
  const link = person.link ? `, link ${person.link}` : '';
  return `${person.name}${email}${phone}: ${kinds.join(', ') || 'smartkey'}${code}${link}`;
}

/** `keys show` (and the answer of every command that changes a key): the key, its persons and doors. */
export function describeKey(view: KeyView): string[] {
  const lines = [
    `${view.id}  ${view.name}  ${view.status}`,
    `  valid:    ${describeSchedule(view.schedule)}`,
    ...(view.profile ? [`  profile:  ${view.profile}`] : []),
    ...(view.notes ? [`  notes:    ${view.notes}`] : []),
    `  by:       ${view.createdBy.issuer} (${view.createdBy.role}), ${view.createdAt}`,
    ...view.persons.map((person) => `  person:   ${describePerson(person)}`),
    ...view.doors.map((door) => {
      const why = door.code || door.reason ? ` (${[door.code, door.reason].filter(Boolean).join(': ')})` : '';
      return `  door:     ${doorName(door)} [${door.lockId}] ${door.status}${why}`;
    }),
    ...view.warnings.map((warning) => `  warning:  ${warning.code}: ${warning.message}`),
  ];
  return lines;
}

/** A dry run: per door, what would be written (local and UTC), or why the door would refuse. */
export function describePlan(plan: IssuePlan, options: { reveal?: boolean } = {}): string[] {
  const codes = options.reveal ? [] : doorcodesOf(plan.key);
  const mask = (line: string) => maskDoorcodesIn(line, codes);
  const lines = [`dry run: nothing was written; key "${plan.key.name}"`];
  for (const door of plan.doors) {
    const name = `${door.lockName} [${door.lockId}]`;
    if (!door.ok) {
      lines.push(`  ${name}: would refuse (${door.code ?? 'ERROR'}): ${door.reason ?? ''}`);
      continue;
    }
    lines.push(`  ${name}: would write`);
    // The service's own words say what, for whom, in local time and as written in UTC (--json has the fields).
    for (const write of door.writes) lines.push(`    ${write.local}`);
  }
  return lines.map(mask);
}

/** The codes of a key (persons' and requested), to mask wherever else they might appear. */
export function doorcodesOf(key: Key): string[] {
  return key.persons.flatMap((person) => {
    const requested = person.credentials.doorcode;
    const asked = typeof requested === 'object' ? requested.code : undefined;
    return [person.doorcode, asked].filter((code): code is string => typeof code === 'string');
  });
}

/** A dry run for --json: the key as `keyView` shows it and the doors' plans, codes masked unless reveal. */
export function planView(plan: IssuePlan, names: LockNames, options: { reveal?: boolean } = {}): unknown {
  const doors = options.reveal
    ? plan.doors
    : (JSON.parse(maskDoorcodesIn(JSON.stringify(plan.doors), doorcodesOf(plan.key))) as IssuePlan['doors']);
  return { dryRun: true, key: keyView(plan.key, names, options), doors };
}
