/** An error a node hands to `done(err)`: Catch nodes see `error.message` and the stable `code`. */
export class NodeInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NodeInputError';
  }
}

/** Longest text of a message that an error repeats; a longer one is cut, so an error stays one short line. */
const SHOWN_TEXT = 40;

/**
 * A message value as an error shows it: short text and numbers as they are, anything else by its kind. Never
 * JSON.stringify of the value itself: a flow can hand a node BigInt or circular objects (it throws on both) or
 * megabytes of text.
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > SHOWN_TEXT ? `${value.slice(0, SHOWN_TEXT)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (Buffer.isBuffer(value)) return 'a Buffer';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
