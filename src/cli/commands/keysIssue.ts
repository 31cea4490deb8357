/** tedee-hub keys issue (flags or --request FILE) and keys update <id>. */
import { MAX_REQUEST_BYTES, readTextFile } from '../../util/boundedFile.js';
import { KeyError } from '../../core/keys/errors.js';
import type { Key, KeyRequest } from '../../core/keys/model.js';
import type { IssuePlan, KeyUpdate } from '../../core/keys/service/api.js';
import { checkIssuerRole } from '../../core/keys/roles.js';
import { validateKeyRequest, validationError } from '../../core/keys/validateKeyRequest.js';
import { CLOUD_OPTIONS, cloudArgs, parse, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { parseDays, parseDoors, parseHours, parsePerson } from '../keys/flagValues.js';
import type { KeySession } from '../keys/keySession.js';
import { keysDataDir, withKeyService } from '../keys/keySession.js';
import { describeKey, describePlan, jsonLines, keyView, planView } from '../keys/keyOutput.js';
import type { FlagValues } from '../keys/keyRequestFlags.js';
import {
  KEY_REQUEST_OPTIONS,
  keyRequestFromFlags,
  problemWithFlag,
  requestFlagsGiven,
  roleFromFlags,
} from '../keys/keyRequestFlags.js';
import { watchKeyProgress } from '../keys/progress.js';
import { jsonSyntaxProblem } from '../../util/jsonSyntax.js';

/** What every keys command takes besides its own flags. */
export const KEY_COMMON_OPTIONS = {
  ...CLOUD_OPTIONS,
  data: { type: 'string' },
  role: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** --reveal: on the commands that show one key's codes (issue, show), nowhere else. */
export const REVEAL_OPTION = { reveal: { type: 'boolean' } } as const;

export const ISSUE_USAGE =
  'tedee-hub keys issue (--name N --person "Name <email> +phone" --doors A,B [credentials] [schedule] | --request FILE) [--dry-run] [--json] [--reveal] [--role R] [--data DIR] [cloud options]';
export const UPDATE_USAGE =
  'tedee-hub keys update <id> [--name N] [--person P]... [--doors A,B] [--from T|none] [--until T|none] [--days D|none] [--hours H|none] [--tz Z] [--profile P|none] [--notes T|none] [--json] [--role R] [--data DIR] [cloud options]';

/** The request of a --request FILE: JSON, as every front end sends it. */
async function requestFromFile(file: string, values: FlagValues): Promise<unknown> {
  const mixed = requestFlagsGiven(values);
  if (mixed.length > 0)
    throw new UsageError(
      `--request FILE holds the whole request; put ${mixed.join(', ')} in the file instead`,
    );
  const read = await readTextFile(file, MAX_REQUEST_BYTES, 'request file');
  if (!read.ok) throw new UsageError(`--request ${file}: ${read.problem}`);
  let request: unknown;
  try {
    request = JSON.parse(read.text);
  } catch (error) {
    throw new KeyError('KEY_REQUEST_INVALID', `${file} is not JSON (${jsonSyntaxProblem(error)})`);
  }
  if (values['dry-run'] === true && request !== null && typeof request === 'object')
    return { ...request, dryRun: true };
  return request;
}

/**
 * Checks the request before any cloud call, as the service will: refused credentials and roles exit 1 with
 * their code; a field built from flags that does not pass exits 2 naming the flag; from a file, exit 1.
 */
function checkRequest(request: unknown, fromFlags: boolean): KeyRequest {
  const result = validateKeyRequest(request);
  if (result.ok) return result.request;
  if (fromFlags && result.code === 'KEY_REQUEST_INVALID')
    throw new UsageError(result.errors.map(problemWithFlag).join('; '));
  throw validationError(result);
}

function isPlan(result: Key | IssuePlan): result is IssuePlan {
  return (result as IssuePlan).dryRun === true;
}

/** Prints a key (or a plan) as --json or text; a key that did not become active exits 1. */
export function printKey(
  result: Key | IssuePlan,
  session: KeySession,
  values: FlagValues,
  io: CliIo,
): number {
  const reveal = values.reveal === true;
  if (isPlan(result)) {
    if (values.json) jsonLines(planView(result, session.names, { reveal })).forEach(io.out);
    else describePlan(result, { reveal }).forEach(io.out);
    return result.doors.every((door) => door.ok) ? 0 : 1;
  }
  const view = keyView(result, session.names, { reveal });
  if (values.json) jsonLines(view).forEach(io.out);
  else describeKey(view).forEach(io.out);
  if (result.status === 'pending')
    io.err(
      `${result.id} is pending: a door is waiting (see its reason); the hub that runs next (tedee-hub run, ` +
        "Homebridge, Node-RED or the next keys command) goes on until the key's deadline.",
    );
  return result.status === 'failed' ? 1 : 0;
}

/** The codes a request names, to mask them in an error line. */
function requestedCodes(request: KeyRequest): string[] {
  return [request.credentials, ...request.persons.map((person) => person.credentials)].flatMap(
    (credentials) => {
      const doorcode = credentials?.doorcode;
      return typeof doorcode === 'object' && doorcode.code ? [doorcode.code] : [];
    },
  );
}

export async function issueCommand(argv: string[], io: CliIo, codes: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { ...KEY_COMMON_OPTIONS, ...REVEAL_OPTION, ...KEY_REQUEST_OPTIONS, request: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  const role = roleFromFlags(values);
  const fromFlags = values.request === undefined;
  const raw = fromFlags ? keyRequestFromFlags(values) : await requestFromFile(values.request!, values);
  const request = checkRequest(raw, fromFlags);
  codes.push(...requestedCodes(request));
  checkIssuerRole(role, 'create');
  const cloud = await cloudArgs(values, io);
  return withKeyService('keys issue', cloud, keysDataDir(values.data, io.env), io, async (session) => {
    const stopProgress = watchKeyProgress(session, io, request.dryRun ? 0 : request.doors.length);
    try {
      const result = await session.keys.issue(
        request,
        { issuer: 'cli', role },
        { reveal: values.reveal === true },
      );
      return printKey(result, session, values, io);
    } finally {
      stopProgress();
    }
  });
}

/** "none" clears an optional field in an update. */
function clearable<T>(raw: string | undefined, parseValue: (value: string) => T): T | null | undefined {
  if (raw === undefined) return undefined;
  return raw === 'none' ? null : parseValue(raw);
}

/** The changes named by `keys update` flags; at least one. */
export function keyUpdateFromFlags(values: FlagValues): KeyUpdate {
  const text = (flag: string) => (typeof values[flag] === 'string' ? values[flag] : undefined);
  const persons = values.person as string[] | undefined;
  const changes: KeyUpdate = {
    name: text('name'),
    doors: values.doors === undefined ? undefined : parseDoors(text('doors')!),
    from: clearable(text('from'), (value) => value),
    until: clearable(text('until'), (value) => value),
    days: clearable(text('days'), parseDays),
    hours: clearable(text('hours'), parseHours),
    timeZone: text('tz'),
    profile: clearable(text('profile'), (value) => value),
    notes: clearable(text('notes'), (value) => value),
    persons: persons?.map(parsePerson),
  };
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  if (Object.keys(given).length === 0)
    throw new UsageError(
      'name at least one change: --name, --person, --doors, --from, --until, --days, --hours, --tz, --profile or --notes',
    );
  return given;
}

/** `keys update` takes the request's name, person, door and schedule flags. */
export const UPDATE_OPTIONS = pick(KEY_REQUEST_OPTIONS, [
  'name',
  'person',
  'doors',
  'from',
  'until',
  'days',
  'hours',
  'tz',
  'profile',
  'notes',
]);

export async function updateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...KEY_COMMON_OPTIONS, ...UPDATE_OPTIONS },
    { min: 1, max: 1, names: 'one key id' },
  );
  const role = roleFromFlags(values);
  const changes = keyUpdateFromFlags(values);
  checkIssuerRole(role, 'update');
  const cloud = await cloudArgs(values, io);
  return withKeyService('keys update', cloud, keysDataDir(values.data, io.env), io, async (session) => {
    const stopProgress = watchKeyProgress(session, io, changes.doors?.length ?? 0);
    try {
      const key = await session.keys.update(positionals[0]!, changes, { issuer: 'cli', role });
      return printKey(key, session, values, io);
    } finally {
      stopProgress();
    }
  });
}

function pick<T extends object, K extends keyof T>(options: T, names: readonly K[]): Pick<T, K> {
  return Object.fromEntries(names.map((name) => [name, options[name]])) as Pick<T, K>;
}
