/** tedee-hub keys issue|list|show|update|replace-code|resend|revoke|reconcile (docs/cli.md "Keys"). */
import type { KeyStatus } from '../../core/keys/model.js';
import { checkIssuerRole } from '../../core/keys/roles.js';
import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import { oneOf } from '../keys/flagValues.js';
import { keySession } from '../keys/keySession.js';
import { jsonLines, keysTable, keyView } from '../keys/keyOutput.js';
import { doorcodeFromFlags, roleFromFlags } from '../keys/keyRequestFlags.js';
import type { FlagValues } from '../keys/keyRequestFlags.js';
import { runSubcommand } from '../keys/subcommands.js';
import type { SubcommandSet } from '../keys/subcommands.js';
import {
  ISSUE_USAGE,
  issueCommand,
  KEY_COMMON_OPTIONS,
  printKey,
  REVEAL_OPTION,
  UPDATE_USAGE,
  updateCommand,
} from './keysIssue.js';

const STATUSES: readonly KeyStatus[] = ['pending', 'active', 'scheduled', 'expired', 'revoked', 'failed'];

const ONE_KEY = { min: 1, max: 1, names: 'one key id' };

/** --person for replace-code and resend: a person of the key, by index (0 = the first) or name. */
function personOf(values: FlagValues): number | string | undefined {
  const raw = values.person as string | undefined;
  if (raw === undefined) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    {
      ...KEY_COMMON_OPTIONS,
      status: { type: 'string' },
      door: { type: 'string' },
      person: { type: 'string' },
      text: { type: 'string' },
      profile: { type: 'string' },
    },
    { min: 0, max: 0, names: '' },
  );
  const status = oneOf(values.status, '--status', STATUSES);
  const door =
    values.door === undefined ? undefined : /^\d+$/.test(values.door) ? Number(values.door) : values.door;
  const filter = { status, door, person: values.person, text: values.text, profile: values.profile };
  return keySession('keys list', values, io, ({ keys, names }) => {
    const found = keys.list(
      Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)),
    );
    if (values.json) jsonLines(found.map((key) => keyView(key, names))).forEach(io.out);
    else if (found.length === 0) io.out('No keys.');
    else keysTable(found, names).forEach((line) => io.out(line));
    return 0;
  });
}

async function showCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { ...KEY_COMMON_OPTIONS, ...REVEAL_OPTION }, ONE_KEY);
  return keySession('keys show', values, io, (keySession) => {
    const key = keySession.keys.show(positionals[0]!, { reveal: values.reveal === true });
    printKey(key, keySession, values, io);
    return 0;
  });
}

async function replaceCodeCommand(argv: string[], io: CliIo, codes: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...KEY_COMMON_OPTIONS,
      person: { type: 'string' },
      code: { type: 'string' },
      policy: { type: 'string' },
      length: { type: 'string' },
    },
    ONE_KEY,
  );
  const role = roleFromFlags(values);
  const doorcode = doorcodeFromFlags(values, true)!;
  if (doorcode.code) codes.push(doorcode.code);
  checkIssuerRole(role, 'replace-code');
  return keySession('keys replace-code', values, io, async (keySession) => {
    const key = await keySession.keys.replaceCode(positionals[0]!, personOf(values) ?? 0, doorcode, {
      issuer: 'cli',
      role,
    });
    return printKey(key, keySession, values, io);
  });
}

async function resendCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { ...KEY_COMMON_OPTIONS, person: { type: 'string' } }, ONE_KEY);
  const role = roleFromFlags(values);
  checkIssuerRole(role, 'resend');
  return keySession('keys resend', values, io, async (keySession) => {
    const key = await keySession.keys.resend(positionals[0]!, personOf(values), { issuer: 'cli', role });
    return printKey(key, keySession, values, io);
  });
}

async function revokeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, KEY_COMMON_OPTIONS, ONE_KEY);
  const role = roleFromFlags(values);
  checkIssuerRole(role, 'revoke');
  return keySession('keys revoke', values, io, async (keySession) => {
    const key = await keySession.keys.revoke(positionals[0]!, { issuer: 'cli', role });
    return printKey(key, keySession, values, io);
  });
}

async function reconcileCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...KEY_COMMON_OPTIONS, repair: { type: 'boolean' } },
    { min: 0, max: 1, names: 'at most one key id' },
  );
  return keySession('keys reconcile', values, io, async ({ keys, names }) => {
    const drift = await keys.reconcile({ repair: values.repair === true, keyId: positionals[0] });
    if (values.json) jsonLines(drift).forEach(io.out);
    else if (drift.length === 0) io.out('No drift: the cloud holds what the store says.');
    else
      for (const item of drift) {
        const door = names.get(item.lockId) ?? String(item.lockId);
        const person = item.person ? ` ${item.person.name}` : '';
        io.out(
          `${item.keyId} ${door} [${item.lockId}] ${item.kind}${person}: ${item.drift}${item.repaired ? ' (repaired)' : ''}: ${item.detail}`,
        );
      }
    return 0;
  });
}

export const KEYS_COMMANDS: SubcommandSet = {
  command: 'keys',
  subcommands: {
    issue: { run: issueCommand, usage: ISSUE_USAGE },
    list: {
      run: listCommand,
      usage:
        'tedee-hub keys list [--status S] [--door D] [--person P] [--text T] [--profile P] [--json] [--data DIR] [cloud options]',
    },
    show: {
      run: showCommand,
      usage: 'tedee-hub keys show <id> [--json] [--reveal] [--data DIR] [cloud options]',
    },
    update: { run: updateCommand, usage: UPDATE_USAGE },
    'replace-code': {
      run: replaceCodeCommand,
      usage:
        'tedee-hub keys replace-code <id> [--person NAME|INDEX] [--code C] [--policy random|preferred|strict] [--length N] [--json] [--role R] [--data DIR] [cloud options]',
    },
    resend: {
      run: resendCommand,
      usage: 'tedee-hub keys resend <id> [--person NAME|INDEX] [--role R] [--data DIR] [cloud options]',
    },
    revoke: {
      run: revokeCommand,
      usage: 'tedee-hub keys revoke <id> [--json] [--role R] [--data DIR] [cloud options]',
    },
    reconcile: {
      run: reconcileCommand,
      usage: 'tedee-hub keys reconcile [<id>] [--repair] [--json] [--data DIR] [cloud options]',
    },
  },
};

/** tedee-hub keys <subcommand> ... */
export function keysCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommand(KEYS_COMMANDS, argv, io);
}
