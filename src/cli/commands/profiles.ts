/** tedee-hub profiles add|list|show|apply|remove (docs/cli.md "Profiles"). */
import type { Profile } from '../../core/keys/model.js';
import { checkIssuerRole } from '../../core/keys/roles.js';
import { validateProfile, validationError } from '../../core/keys/validateKeyRequest.js';
import { parse, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { oneOf, parseDays, parseHours } from '../keys/flagValues.js';
import { keySession } from '../keys/keySession.js';
import { jsonLines } from '../keys/keyOutput.js';
import { table } from '../table.js';
import { roleFromFlags } from '../keys/keyRequestFlags.js';
import type { FlagValues } from '../keys/keyRequestFlags.js';
import { runSubcommand } from '../keys/subcommands.js';
import type { SubcommandSet } from '../keys/subcommands.js';
import { printable } from '../../util/printable.js';
import { KEY_COMMON_OPTIONS } from './keysIssue.js';

const ONE_PROFILE = { min: 1, max: 1, names: 'one profile name' };

export const PROFILE_OPTIONS = {
  level: { type: 'string' },
  remote: { type: 'string' },
  days: { type: 'string' },
  hours: { type: 'string' },
  tz: { type: 'string' },
} as const;

/** `profiles add <name>` flags -> a profile (validated by the same schema as every front end's). */
export function profileFromFlags(name: string, values: FlagValues): Profile {
  const text = (flag: string) => (typeof values[flag] === 'string' ? values[flag] : undefined);
  const remote = oneOf(text('remote'), '--remote', ['on', 'off'] as const);
  const candidate = {
    name,
    ...(values.level !== undefined && {
      accessLevel: oneOf(text('level'), '--level', ['guest', 'admin'] as const),
    }),
    ...(remote !== undefined && { remoteAccess: remote === 'on' }),
    ...(values.days !== undefined && { days: parseDays(text('days')!) }),
    ...(values.hours !== undefined && { hours: parseHours(text('hours')!) }),
    ...(values.tz !== undefined && { timeZone: text('tz') }),
  };
  const result = validateProfile(candidate);
  if (result.ok) return result.profile;
  if (result.code === 'PROFILE_INVALID')
    throw new UsageError(
      result.errors.map((problem) => problem.replace(/^timeZone\b/, '--tz (timeZone)')).join('; '),
    );
  throw validationError(result, 'profile');
}

function describeProfile(profile: Profile): string[] {
  return [
    printable(profile.name),
    `  access:  ${profile.accessLevel}, remote access ${profile.remoteAccess ? 'on' : 'off'}`,
    ...(profile.days?.length ? [`  days:    ${profile.days.join(',')}`] : []),
    ...(profile.hours ? [`  hours:   ${profile.hours.from}-${profile.hours.to}`] : []),
    ...(profile.timeZone ? [`  zone:    ${profile.timeZone}`] : []),
  ];
}

async function addCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { ...KEY_COMMON_OPTIONS, ...PROFILE_OPTIONS }, ONE_PROFILE);
  const role = roleFromFlags(values);
  const profile = profileFromFlags(positionals[0]!, values);
  checkIssuerRole(role, 'manage-profiles');
  return keySession('profiles add', values, io, ({ keys }) => {
    const added = keys.profiles.add(profile, { issuer: 'cli', role });
    if (values.json) jsonLines(added).forEach(io.out);
    else describeProfile(added).forEach(io.out);
    return 0;
  });
}

async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, KEY_COMMON_OPTIONS, { min: 0, max: 0, names: '' });
  return keySession('profiles list', values, io, ({ keys }) => {
    const profiles = keys.profiles.list();
    if (values.json) jsonLines(profiles).forEach(io.out);
    else if (profiles.length === 0) io.out('No profiles.');
    else {
      const rows = profiles.map((profile) => [
        printable(profile.name),
        profile.accessLevel,
        profile.remoteAccess ? 'on' : 'off',
        profile.days?.join(',') ?? '-',
        profile.hours ? `${profile.hours.from}-${profile.hours.to}` : '-',
        profile.timeZone ?? '-',
      ]);
      table([['NAME', 'ACCESS', 'REMOTE', 'DAYS', 'HOURS', 'ZONE'], ...rows]).forEach((line) => io.out(line));
    }
    return 0;
  });
}

async function showCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, KEY_COMMON_OPTIONS, ONE_PROFILE);
  return keySession('profiles show', values, io, ({ keys }) => {
    const profile = keys.profiles.show(positionals[0]!);
    if (values.json) jsonLines(profile).forEach(io.out);
    else describeProfile(profile).forEach(io.out);
    return 0;
  });
}

async function applyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, KEY_COMMON_OPTIONS, ONE_PROFILE);
  const role = roleFromFlags(values);
  checkIssuerRole(role, 'apply-profile');
  return keySession('profiles apply', values, io, async ({ keys }) => {
    const results = await keys.profiles.apply(positionals[0]!, { issuer: 'cli', role });
    if (values.json) jsonLines(results).forEach(io.out);
    else if (results.length === 0) io.out(`No key uses the profile ${printable(positionals[0]!)}.`);
    else
      for (const result of results)
        io.out(
          `${result.keyId}: ${result.ok ? 'rewritten' : `failed (${result.code ?? 'ERROR'}): ${result.reason ?? ''}`}`,
        );
    return results.every((result) => result.ok) ? 0 : 1;
  });
}

async function removeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, KEY_COMMON_OPTIONS, ONE_PROFILE);
  const role = roleFromFlags(values);
  checkIssuerRole(role, 'manage-profiles');
  return keySession('profiles remove', values, io, ({ keys }) => {
    const removed = keys.profiles.remove(positionals[0]!, { issuer: 'cli', role });
    io.out(removed ? `Profile ${positionals[0]!} removed.` : `No profile ${positionals[0]!}.`);
    return removed ? 0 : 1;
  });
}

const COMMON = '[--json] [--role R] [--data DIR] [cloud options]';

export const PROFILES_COMMANDS: SubcommandSet = {
  command: 'profiles',
  subcommands: {
    add: {
      run: addCommand,
      usage: `tedee-hub profiles add <name> [--level guest|admin] [--remote on|off] [--days D] [--hours H] [--tz Z] ${COMMON}`,
    },
    list: { run: listCommand, usage: 'tedee-hub profiles list [--json] [--data DIR] [cloud options]' },
    show: { run: showCommand, usage: 'tedee-hub profiles show <name> [--json] [--data DIR] [cloud options]' },
    apply: { run: applyCommand, usage: `tedee-hub profiles apply <name> ${COMMON}` },
    remove: { run: removeCommand, usage: `tedee-hub profiles remove <name> ${COMMON}` },
  },
};

/** tedee-hub profiles <subcommand> ... */
export function profilesCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommand(PROFILES_COMMANDS, argv, io);
}
