/** A request id for idempotency: the same form issued twice (a double tap, a retry) makes one key. */
export function newRequestId() {
  // randomUUID needs a secure context; a hub reached over plain HTTP on the LAN is not one.
  if (typeof crypto.randomUUID === 'function') return `page-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `page-${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
