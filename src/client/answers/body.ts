/** What can be wrong with an answer's body before its shape is checked. */

/** Axios stops reading an answer past maxContentLength and fails with this. */
export function isTooLarge(caught: unknown): boolean {
  const { code, message } = caught as { code?: unknown; message?: unknown };
  return code === 'ERR_BAD_RESPONSE' && typeof message === 'string' && message.includes('maxContentLength');
}

export function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** Axios hands over a body it could not parse as JSON as a string. */
export function bodyProblem(data: unknown): string | undefined {
  if (typeof data !== 'string' || data.trim() === '') return undefined;
  return /^\s*</.test(data)
    ? 'the body is an HTML page, not JSON'
    : 'the body is not JSON (cut short or garbled)';
}
