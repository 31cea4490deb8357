/**
 * A Personal Access Key looks like `<prefix>.<secret>`. Only the prefix (the text before the dot, at most
 * 8 characters) may ever be shown. A key without a dot is not in that form: all of it may be secret (a pasted
 * secret without its prefix, another kind of token), so none of its characters is shown.
 */
const MAX_PREFIX_LENGTH = 8;

/** The part of a key that may be shown; empty for a key without a dot. */
export function keyPrefix(key: string): string {
  const dot = key.indexOf('.');
  return dot > 0 ? key.slice(0, Math.min(dot, MAX_PREFIX_LENGTH)) : '';
}

/** How a key is shown from its prefix: `AbCdEf.***`, or `***` when there is no prefix to show. */
export function maskPrefix(prefix: string): string {
  return prefix === '' ? '***' : `${prefix}.***`;
}

/** How a key is shown in logs, errors and output. */
export function maskKey(key: string): string {
  return maskPrefix(keyPrefix(key));
}
