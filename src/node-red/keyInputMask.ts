/**
 * The input of a `tedee-key` node may carry doorcodes in clear: a `strict` or `preferred` code in a key request
 * (`credentials.doorcode.code`, per person too), in an update's persons, or in a `replace-code`'s `doorcode`.
 * Node-RED hands the input message to Catch nodes with the error, and a Catch wired to a debug node is the usual
 * way to watch a flow: so before an error leaves the node, the payload's codes are masked like the key's on
 * output 1 (unless the node reveals codes). The masking is by field name, at any depth, so that a payload the
 * node refused as malformed is masked too.
 */
import { maskDoorcode } from '../core/keys/masking.js';

/** A copy of `payload` with every doorcode masked: a string `doorcode` field, and `doorcode.code`. */
export function maskPayloadDoorcodes(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(maskPayloadDoorcodes);
  if (typeof payload !== 'object' || payload === null) return payload;
  const copy: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(payload)) {
    // defineProperty: a `__proto__` field of a parsed payload stays a field and never becomes the prototype.
    const masked = maskedField(field, value);
    Object.defineProperty(copy, field, {
      value: masked,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function maskedField(field: string, value: unknown): unknown {
  if (field !== 'doorcode') return maskPayloadDoorcodes(value);
  if (typeof value === 'string') return maskDoorcode(value);
  const code = (value as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return { ...(value as object), code: maskDoorcode(code) };
  return maskPayloadDoorcodes(value);
}
