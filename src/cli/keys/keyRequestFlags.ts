/**
 * `keys issue` flags -> the one KeyRequest every front end sends (pure). A request read from `--request FILE`
 * is taken as it is; the file and the request flags are not mixed (docs/cli.md "Keys").
 */
import type {
  CredentialsRequest,
  DoorcodePolicy,
  DoorcodeRequest,
  IssuerRole,
  KeyRequest,
} from '../../core/keys/model.js';
import { ISSUER_ROLES } from '../../core/keys/model.js';
import { UsageError } from '../args.js';
import { oneOf, optionalInteger, parseDays, parseDoors, parseHours, parsePerson } from './flagValues.js';

/** The flags of a key request (`keys issue`); `keys update` takes the schedule and person ones. */
export const KEY_REQUEST_OPTIONS = {
  name: { type: 'string' },
  person: { type: 'string', multiple: true },
  doors: { type: 'string' },
  smartkey: { type: 'boolean' },
  doorcode: { type: 'boolean' },
  code: { type: 'string' },
  policy: { type: 'string' },
  length: { type: 'string' },
  appkey: { type: 'boolean' },
  keycard: { type: 'boolean' },
  fingerprint: { type: 'boolean' },
  from: { type: 'string' },
  until: { type: 'string' },
  days: { type: 'string' },
  hours: { type: 'string' },
  tz: { type: 'string' },
  profile: { type: 'string' },
  notes: { type: 'string' },
  'request-id': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'best-effort': { type: 'boolean' },
} as const;

export const POLICIES: readonly DoorcodePolicy[] = ['random', 'preferred', 'strict'];

/** The flags' values as parseArgs gives them. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

function text(values: FlagValues, flag: string): string | undefined {
  const value = values[flag];
  return typeof value === 'string' ? value : undefined;
}

/** --doorcode with --code, --policy and --length; those three need --doorcode (they say how, it says what). */
export function doorcodeFromFlags(values: FlagValues, required = false): DoorcodeRequest | undefined {
  const code = text(values, 'code');
  const policy = oneOf(text(values, 'policy'), '--policy', POLICIES);
  const length = optionalInteger(text(values, 'length'), '--length', 5, 8);
  if (!required && values.doorcode !== true) {
    const orphan = ['code', 'policy', 'length'].find((flag) => values[flag] !== undefined);
    if (orphan) throw new UsageError(`--${orphan} needs --doorcode`);
    return undefined;
  }
  if (code !== undefined && !/^\d{5,8}$/.test(code)) throw new UsageError('--code must be 5 to 8 digits');
  if (policy !== undefined && policy !== 'random' && code === undefined)
    throw new UsageError(`--policy ${policy} needs --code`);
  if (length !== undefined && code !== undefined)
    throw new UsageError('--length is for a random code; --code gives the code itself');
  return {
    ...(policy !== undefined && { policy }),
    ...(code !== undefined && { code }),
    ...(length !== undefined && { length }),
  };
}

/** The credentials named by flags; none named: undefined (the service gives a smart key, as the Portal). */
export function credentialsFromFlags(values: FlagValues): CredentialsRequest | undefined {
  const credentials: CredentialsRequest = {};
  const doorcode = doorcodeFromFlags(values);
  if (values.smartkey === true) credentials.smartkey = true;
  if (doorcode) credentials.doorcode = Object.keys(doorcode).length === 0 ? true : doorcode;
  if (values.appkey === true) credentials.appkey = true;
  if (values.keycard === true) credentials.keycard = true;
  if (values.fingerprint === true) credentials.fingerprint = true;
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

/** The flags that make up a request (all but --dry-run, which may preview a --request FILE). */
const REQUEST_FIELD_FLAGS = Object.keys(KEY_REQUEST_OPTIONS).filter((flag) => flag !== 'dry-run');

/** The request flags given, as "--name, --doors" (to refuse mixing them with --request FILE). */
export function requestFlagsGiven(values: FlagValues): string[] {
  return REQUEST_FIELD_FLAGS.filter((flag) => values[flag] !== undefined).map((flag) => `--${flag}`);
}

/** `keys issue` flags -> a KeyRequest (not yet validated: validateKeyRequest does that for every front end). */
export function keyRequestFromFlags(values: FlagValues): KeyRequest {
  const name = text(values, 'name');
  if (name === undefined)
    throw new UsageError('--name is required (or give the whole request with --request FILE)');
  const persons = ((values.person as string[] | undefined) ?? []).map(parsePerson);
  if (persons.length === 0)
    throw new UsageError('--person "Name <email> +phone" is required (repeat it for more persons)');
  const doors = text(values, 'doors');
  if (doors === undefined)
    throw new UsageError(
      '--doors is required: lock ids, serial numbers or names, e.g. --doors 101,"Back Door"',
    );
  const credentials = credentialsFromFlags(values);
  const optional: Partial<KeyRequest> = {
    from: text(values, 'from'),
    until: text(values, 'until'),
    days: values.days === undefined ? undefined : parseDays(text(values, 'days')!),
    hours: values.hours === undefined ? undefined : parseHours(text(values, 'hours')!),
    timeZone: text(values, 'tz'),
    profile: text(values, 'profile'),
    notes: text(values, 'notes'),
    requestId: text(values, 'request-id'),
    dryRun: values['dry-run'] === true ? true : undefined,
    bestEffort: values['best-effort'] === true ? true : undefined,
  };
  const request: KeyRequest = {
    name,
    persons,
    doors: parseDoors(doors),
    ...(credentials && { credentials }),
  };
  for (const [field, value] of Object.entries(optional)) {
    if (value !== undefined) (request as unknown as Record<string, unknown>)[field] = value;
  }
  return request;
}

/** --role, default owner (the one who runs the CLI on the hub's machine owns it). */
export function roleFromFlags(values: FlagValues): IssuerRole {
  return oneOf(text(values, 'role'), '--role', ISSUER_ROLES) ?? 'owner';
}

/** Where a request field comes from on the command line, to name the flag in a validation problem. */
const FIELD_FLAGS: [RegExp, string][] = [
  [/^name\b/, '--name'],
  [/^persons\b/, '--person'],
  [/^doors\b/, '--doors'],
  [/^credentials\.doorcode\.code\b/, '--code'],
  [/^credentials\.doorcode\.policy\b/, '--policy'],
  [/^credentials\.doorcode\.length\b/, '--length'],
  [/^credentials\.(\w+)/, '--$1'],
  [/^from\b/, '--from'],
  [/^until\b/, '--until'],
  [/^days\b/, '--days'],
  [/^hours\b/, '--hours'],
  [/^timeZone\b/, '--tz'],
  [/^profile\b/, '--profile'],
  [/^notes\b/, '--notes'],
  [/^requestId\b/, '--request-id'],
];

/** "persons[0].email: must be an email" -> "--person (persons[0].email): must be an email". */
export function problemWithFlag(problem: string): string {
  const path = problem.split(':')[0]!;
  for (const [pattern, flag] of FIELD_FLAGS) {
    const match = pattern.exec(path);
    if (match) return `${match[0].replace(pattern, flag)} (${path})${problem.slice(path.length)}`;
  }
  return problem;
}
