/**
 * Text from the cloud (lock names) and from the user reaches a terminal or a log. A control character in it could
 * move the cursor, rewrite earlier lines, set the window title or forge a line; the CLI's output and every log line
 * with a lock name (Homebridge, MQTT, core's outcome lines) therefore show each control character as a \uXXXX
 * escape, the way JSON writes it (so JSON output stays valid JSON). Escaping twice changes nothing.
 */

/** C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each control character (line breaks included) replaced by its \uXXXX escape. */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
