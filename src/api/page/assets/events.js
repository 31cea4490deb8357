/**
 * Live updates: follows GET /api/v1/events (Server-Sent Events) with fetch() and a streamed body, because
 * EventSource cannot send the Authorization header and the key must never be put in a URL. Reconnects with
 * backoff and `Last-Event-ID`, so a short disconnect loses nothing (the API resumes from that id).
 */
import { createSseParser } from './sse.js';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * Follows the stream until `signal` aborts. `onEvent(name, payload)` per event (payload parsed as JSON, or the
 * text when it is not JSON); `onState(state, detail)` with 'connecting', 'live', 'reconnecting', or 'refused'
 * (401 or 403: the page stops following; detail is the HTTP status and the API's error body).
 */
export async function followEvents({ accessKey, signal, onEvent, onState, url = 'api/v1/events' }) {
  let delay = FIRST_DELAY_MS;
  let lastId;
  let connectedBefore = false;
  while (!signal.aborted) {
    if (!connectedBefore) onState('connecting');
    try {
      const headers = { Authorization: `Bearer ${accessKey}`, Accept: 'text/event-stream' };
      if (lastId !== undefined) headers['Last-Event-ID'] = lastId;
      const response = await fetch(url, {
        headers,
        signal,
        cache: 'no-store',
        credentials: 'omit',
      });
      if (response.status === 401 || response.status === 403) {
        const body = await response.json().catch(() => undefined);
        onState('refused', { status: response.status, body });
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onState('live');
      connectedBefore = true;
      delay = FIRST_DELAY_MS;
      const parser = createSseParser(
        (message) => {
          lastId = message.id;
          let payload = message.data;
          try {
            payload = JSON.parse(message.data);
          } catch {
            // Not JSON: handed over as text.
          }
          onEvent(message.event, payload);
        },
        (ms) => (delay = Math.min(Math.max(ms, 500), MAX_DELAY_MS)),
      );
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
      parser.end();
    } catch {
      if (signal.aborted) return;
    }
    if (signal.aborted) return;
    onState('reconnecting');
    await sleep(delay, signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
