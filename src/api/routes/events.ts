/**
 * `GET /api/v1/events`: the hub's events as Server-Sent Events, each with an `id:`. A client that reconnects
 * with `Last-Event-ID` (browsers do it by themselves) first gets what it missed, from a bounded ring
 * (eventRing.ts); when the ring no longer holds the id, a `reset` event says to read the state again.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../errors.js';
import { allowsLock } from '../rights.js';
import type { ApiRoute, RouteContext } from '../route.js';
import type { StreamEvent } from '../eventRing.js';

/** A comment line every so often keeps proxies and NAT from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

function lastEventId(context: RouteContext): number | undefined {
  const header = context.request.headers['last-event-id'];
  const text =
    typeof header === 'string'
      ? header
      : typeof context.query.lastEventId === 'number'
        ? String(context.query.lastEventId)
        : undefined;
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

function frame(event: StreamEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

export const eventRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/events',
    operationId: 'streamEvents',
    summary:
      'Server-Sent Events: stateChanged, availabilityChanged, commandStarted, commandFinished, healthChanged, keyChanged, delivery (never a code or link); resumable with Last-Event-ID',
    tag: 'events',
    right: 'events.read',
    stream: true,
    query: {
      type: 'object',
      properties: {
        lastEventId: {
          type: 'integer',
          minimum: 0,
          description: 'For clients that cannot send the Last-Event-ID header',
        },
      },
      additionalProperties: false,
    },
    responses: { 200: { description: 'text/event-stream' } },
    handler: (context) => {
      const { reply, request, deps, caller } = context;
      const { application } = caller;
      const visible = (event: StreamEvent) =>
        event.locks.length === 0 ||
        event.locks.some((id) => {
          const lock = deps.hub.lock(id);
          return lock !== undefined && allowsLock(application, lock);
        });
      if (deps.streams.size >= deps.maxStreams)
        throw new ApiError(
          503,
          'STREAMS_FULL',
          'Too many event streams are open on this hub; try again later.',
          undefined,
          5,
        );
      reply.hijack();
      const raw: ServerResponse = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      const send = (event: StreamEvent) => {
        if (visible(event)) raw.write(frame(event));
      };
      const last = lastEventId(context);
      if (last !== undefined) {
        const missed = deps.events.since(last);
        if (missed) missed.forEach(send);
        else
          raw.write(
            `event: reset\ndata: ${JSON.stringify({ reason: 'Events after that id are no longer kept; read the state again.' })}\n\n`,
          );
      }
      const off = deps.events.subscribe(send);
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      keepAlive.unref();
      const end = () => {
        off();
        clearInterval(keepAlive);
        deps.streams.delete(end);
        raw.end();
      };
      deps.streams.add(end);
      request.raw.on('close', end);
      return undefined;
    },
  },
];
