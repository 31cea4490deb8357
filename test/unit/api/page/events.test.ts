/**
 * The Keys page's event follower (src/api/page/assets/events.js) against a real node:http server: the key goes in
 * the Authorization header and never in the URL, a dropped stream is resumed with Last-Event-ID, and a 401 stops
 * following with the API's reason.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../helpers/wait.js';

interface FollowOptions {
  accessKey: string;
  signal: AbortSignal;
  url: string;
  onEvent(name: string, data: unknown): void;
  onState(state: string, detail?: unknown): void;
}

// A browser module in plain JavaScript, without types: its shape is declared here.
const { followEvents } = (await import(
  new URL('../../../../src/api/page/assets/events.js', import.meta.url).href
)) as {
  followEvents(options: FollowOptions): Promise<void>;
};

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, call: number) => void) {
  let calls = 0;
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    handler(request, response, ++calls);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  closers.push(() => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`, requests };
}

function follow(url: string) {
  const abort = new AbortController();
  closers.push(() => abort.abort());
  const events: [string, unknown][] = [];
  const states: [string, unknown][] = [];
  const done = followEvents({
    accessKey: 'tdk_page_secret',
    signal: abort.signal,
    url,
    onEvent: (name, data) => events.push([name, data]),
    onState: (state, detail) => states.push([state, detail]),
  });
  return { events, states, done, abort };
}

describe('followEvents', () => {
  it('sends the key in the header, and resumes a dropped stream from the last event id', async () => {
    const { url, requests } = await serve((_request, response, call) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (call === 1) {
        // One event, then the connection drops (a Wi-Fi change, a proxy timeout).
        response.write('retry: 10\n\nid: 41\nevent: keyChanged\ndata: {"key":{"id":"k1"}}\n\n');
        setTimeout(() => response.destroy(), 20);
      } else {
        response.write('id: 42\nevent: stateChanged\ndata: {"lock":{"id":101}}\n\n');
      }
    });
    const { events, states } = follow(url);
    await waitFor(() => events.length === 2, 10_000, 'two events across the reconnect');
    expect(events).toEqual([
      ['keyChanged', { key: { id: 'k1' } }],
      ['stateChanged', { lock: { id: 101 } }],
    ]);
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer tdk_page_secret',
      'Bearer tdk_page_secret',
    ]);
    expect(requests.map((request) => request.headers['last-event-id'])).toEqual([undefined, '41']);
    expect(requests.every((request) => !request.url!.includes('tdk_'))).toBe(true);
    expect(states.map(([state]) => state)).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('stops on 401 with the API answer, and does not try again', async () => {
    const body = { error: { code: 'AUTH_INACTIVE', message: 'The access key tdkpage1 is deactivated.' } };
    const { url, requests } = await serve((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    const { states, done } = follow(url);
    await done;
    expect(states).toEqual([
      ['connecting', undefined],
      ['refused', { status: 401, body }],
    ]);
    expect(requests).toHaveLength(1);
  });

  it('ends when aborted, also while waiting to reconnect', async () => {
    const { url } = await serve((_request, response) => response.destroy());
    const { states, done, abort } = follow(url);
    await waitFor(() => states.some(([state]) => state === 'reconnecting'));
    abort.abort();
    await done;
  });
});
