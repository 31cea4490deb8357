/**
 * A configuration problem disables only what it touches (docs/homebridge.md, "Configuration problems"):
 * unknown keys are ignored, a bad lock block loses its options (its restrictions stay), a bad general option
 * falls back to its default. Only a missing or unusable key or API URL, or a bad `mqtt` block, is fatal.
 */
import type { ErrorObject } from 'ajv';

/** Problems here stop the hub: without a usable key or URL it can do nothing right, and MQTT guards doors. */
const FATAL = new Set(['personalAccessKey', 'apiUrl', 'mqtt']);

/** What a problem costs, said after its "path: message". */
const IGNORED = 'ignored';
const LOCK_IGNORED = 'the options of this lock are ignored until it is fixed';

/**
 * The value a restriction takes when its own value is bad: the one that grants less. `hidden` too, although hiding
 * is no security risk (the lock disappears from every front end): a lock the user meant to hide is never shown.
 */
const RESTRICTIVE: Record<string, boolean> = { hidden: true, allowUnlock: false, allowOpen: false };

export interface Triage {
  fatal: string[];
  warnings: string[];
}

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function objectAt(root: unknown, path: string[]): Dict | undefined {
  let node = root;
  for (const part of path) node = isDict(node) || Array.isArray(node) ? (node as Dict)[part] : undefined;
  return isDict(node) ? node : undefined;
}

function identityOf(entry: unknown): Dict | undefined {
  if (!isDict(entry)) return undefined;
  const kept: Dict = {};
  for (const key of ['serialNumber', 'name'])
    if (typeof entry[key] === 'string' && entry[key] !== '') kept[key] = entry[key];
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * What survives of a bad lock block: how to find the lock, and the restrictions (hidden, lock-only), so a typo
 * never grants more than was written. A restriction written with a bad value ("false", 0, null) counts as its
 * restrictive value: only the exact boolean that grants more lifts it. Without a usable serial number or name
 * nothing is left to match.
 */
function restrictionsOf(entry: unknown): Dict[] {
  const kept = identityOf(entry);
  if (!kept || !isDict(entry)) return [];
  for (const [key, restrictive] of Object.entries(RESTRICTIVE))
    if (entry[key] !== undefined && entry[key] !== !restrictive) kept[key] = restrictive;
  return [kept];
}

/** What a problem in a lock block costs; a bad restriction of a lock that can be matched says what it became. */
function lockCost(path: string[], original: unknown): string {
  const key = path[2];
  const locks = isDict(original) && Array.isArray(original.locks) ? original.locks : [];
  if (path.length !== 3 || key === undefined || !Object.hasOwn(RESTRICTIVE, key)) return LOCK_IGNORED;
  if (!identityOf(locks[Number(path[1])])) return LOCK_IGNORED;
  return `treated as ${String(RESTRICTIVE[key])} and the other options of this lock are ignored until it is fixed`;
}

/**
 * Sorts validation errors into fatal ones and warnings, and removes from `config` what each warning says is
 * ignored, so that validating it again fills in the defaults. `original` is the input before any default.
 */
export function triage(
  errors: ErrorObject[],
  config: Dict,
  original: unknown,
  describe: (error: ErrorObject) => string,
  defaults: Dict,
): Triage {
  const fatal: string[] = [];
  const warnings: string[] = [];
  const badLocks = new Set<number>();
  for (const error of errors) {
    const message = describe(error);
    const path = segments(error.instancePath);
    const [top, index] = path;
    if (error.keyword === 'additionalProperties') {
      const parent = objectAt(config, path);
      if (parent) delete parent[String((error.params as Dict).additionalProperty)];
      warnings.push(`${message}; ${IGNORED}`);
    } else if (top === undefined || FATAL.has(top)) {
      fatal.push(message);
    } else if (top === 'locks' && index !== undefined) {
      badLocks.add(Number(index));
      warnings.push(`${message}; ${lockCost(path, original)}`);
    } else {
      delete config[top];
      const fallback = defaults[top];
      warnings.push(
        `${message}; ${fallback === undefined ? IGNORED : `the default (${JSON.stringify(fallback)}) is used`}`,
      );
    }
  }
  if (badLocks.size > 0 && Array.isArray(config.locks)) {
    const originals = isDict(original) && Array.isArray(original.locks) ? original.locks : [];
    config.locks = config.locks.flatMap((entry: unknown, index) =>
      badLocks.has(index) ? restrictionsOf(originals[index]) : [entry],
    );
  }
  return { fatal: [...new Set(fatal)], warnings: [...new Set(warnings)] };
}
