/**
 * A fault proxy: a real HTTP server on 127.0.0.1 in front of an upstream (the emulator) that forwards
 * every request unchanged, except those a rule matches, which get that rule's fault. It produces what a
 * real network and gateway do to answers, so tests exercise the client's real HTTP stack:
 *
 *   const proxy = await startFaultProxy(env.url);
 *   proxy.setRules([{ path: /\/my\/lock\/sync$/, fault: { kind: 'drip', intervalMs: 300 }, count: 1 }]);
 *   const client = createTedeeClient({ personalAccessKey: env.key, apiUrl: proxy.url });
 *   ...
 *   proxy.reset();        // in beforeEach: no rules, no events
 *   await proxy.close();
 *
 * Faults (`ProxyFault`):
 * - `drip`: forward, then send the answer `bytesPerTick` bytes every `intervalMs` (a slow or stuck link);
 * - `html`: answer an HTML error page, as a gateway or captive portal does (status 502 unless given);
 * - `huge`: answer a body of `bytes` bytes without forwarding, written as fast as the client reads it;
 * - `truncate`: forward, then send only the first `keepBytes` bytes of the answer (default half), with a
 *   Content-Length that matches them: a complete HTTP answer whose JSON is cut;
 * - `rewrite`: forward, then answer `change(json)` instead of the upstream JSON (malformed 200 answers);
 * - `dropBefore`: close the connection without forwarding: the request surely did not reach upstream;
 * - `dropAfter`: forward, wait for upstream's whole answer, then close the connection without it: the
 *   request took effect (the door moved) and the answer is lost.
 *
 * `events` records what each faulted request saw (bytes written, whether the client hung up), for
 * assertions such as "the client closed the huge answer early". Requests no rule matches are forwarded
 * as they are.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyFault =
  | { kind: 'drip'; intervalMs: number; bytesPerTick?: number }
  | { kind: 'html'; status?: number }
  | { kind: 'huge'; bytes: number; status?: number }
  | { kind: 'truncate'; keepBytes?: number }
  | { kind: 'rewrite'; change: (json: unknown) => unknown; status?: number }
  | { kind: 'dropBefore' }
  | { kind: 'dropAfter' };

export interface ProxyRule {
  /** Only requests with this method (any when omitted). */
  method?: string;
  /** Tested against the request path without the query, e.g. /\/my\/lock\/sync$/ (any when omitted). */
  path?: RegExp;
  fault: ProxyFault;
  /** How many requests the rule may still fault (unlimited when omitted). */
  count?: number;
}

export interface FaultEvent {
  method: string;
  path: string;
  fault: ProxyFault['kind'];
  /** Body bytes written to the client so far. */
  bytesWritten: number;
  /** True once the client closed the connection before the proxy finished. */
  clientClosed: boolean;
  /** True once the proxy finished its fault (answered, dripped or dropped everything). */
  finished: boolean;
}

export interface FaultProxy {
  /** The proxy's base URL (http://127.0.0.1:<port>), to use in place of the upstream's. */
  readonly url: string;
  /** One entry per faulted request, in arrival order. */
  readonly events: FaultEvent[];
  /** Replaces the rules; the first matching rule with a count left applies. */
  setRules(rules: ProxyRule[]): void;
  /** Removes every rule and forgets the events: for a test's beforeEach. */
  reset(): void;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n' +
  '<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>\n';

/** 64 KiB of JSON-looking filler, written again and again for `huge` answers. */
const FILLER = Buffer.alloc(64 * 1024, ' ');

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host, connection: 'close' },
      },
      (answer) => {
        readBody(answer)
          .then((data) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }))
          .catch(reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Headers of an upstream answer, minus those that no longer hold once the body changes. */
function passHeaders(headers: IncomingHttpHeaders, length: number): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ['content-length', 'transfer-encoding', 'connection'].includes(name)) continue;
    kept[name] = value;
  }
  kept['content-length'] = String(length);
  return kept;
}

function send(res: ServerResponse, event: FaultEvent, status: number, headers: object, body: Buffer): void {
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.end(body, () => {
    event.bytesWritten = body.length;
    event.finished = true;
  });
}

function drip(res: ServerResponse, event: FaultEvent, answer: Upstream, intervalMs: number, perTick: number) {
  res.writeHead(answer.status, passHeaders(answer.headers, answer.body.length));
  res.flushHeaders();
  const timer = setInterval(() => {
    if (event.clientClosed) return clearInterval(timer);
    const chunk = answer.body.subarray(event.bytesWritten, event.bytesWritten + perTick);
    event.bytesWritten += chunk.length;
    if (event.bytesWritten >= answer.body.length) {
      clearInterval(timer);
      res.end(chunk, () => (event.finished = true));
    } else {
      res.write(chunk);
    }
  }, intervalMs);
  res.on('close', () => clearInterval(timer));
}

/** Writes `bytes` bytes, waiting for the client to read (backpressure), so the proxy holds 64 KiB at most. */
async function huge(res: ServerResponse, event: FaultEvent, bytes: number, status: number): Promise<void> {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes),
  });
  while (event.bytesWritten < bytes && !event.clientClosed) {
    const chunk = FILLER.subarray(0, Math.min(FILLER.length, bytes - event.bytesWritten));
    event.bytesWritten += chunk.length;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!event.clientClosed) res.end(() => (event.finished = true));
}

async function applyFault(
  fault: ProxyFault,
  upstream: URL,
  req: IncomingMessage,
  res: ServerResponse,
  event: FaultEvent,
): Promise<void> {
  const body = await readBody(req);
  switch (fault.kind) {
    case 'dropBefore':
      event.finished = true;
      req.socket.destroy();
      return;
    case 'html':
      return send(res, event, fault.status ?? 502, { 'content-type': 'text/html' }, Buffer.from(HTML_PAGE));
    case 'huge':
      return huge(res, event, fault.bytes, fault.status ?? 200);
  }
  const answer = await forward(upstream, req, body);
  switch (fault.kind) {
    case 'dropAfter':
      event.finished = true;
      req.socket.destroy();
      return;
    case 'drip':
      return drip(res, event, answer, fault.intervalMs, fault.bytesPerTick ?? 1);
    case 'truncate': {
      const cut = answer.body.subarray(0, fault.keepBytes ?? Math.floor(answer.body.length / 2));
      return send(res, event, answer.status, passHeaders(answer.headers, cut.length), cut);
    }
    case 'rewrite': {
      const changed = Buffer.from(JSON.stringify(fault.change(JSON.parse(answer.body.toString('utf8')))));
      return send(
        res,
        event,
        fault.status ?? answer.status,
        passHeaders(answer.headers, changed.length),
        changed,
      );
    }
  }
}

async function pass(upstream: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const answer = await forward(upstream, req, await readBody(req));
  res.writeHead(answer.status, passHeaders(answer.headers, answer.body.length));
  res.end(answer.body);
}

/** Starts a fault proxy on 127.0.0.1 (a free port) in front of `upstreamUrl`. */
export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  let rules: ProxyRule[] = [];
  const events: FaultEvent[] = [];
  const sockets = new Set<Socket>();

  function takeRule(method: string, path: string): ProxyRule | undefined {
    const rule = rules.find(
      (candidate) =>
        (candidate.count === undefined || candidate.count > 0) &&
        (!candidate.method || candidate.method.toUpperCase() === method) &&
        (!candidate.path || candidate.path.test(path)),
    );
    if (rule?.count !== undefined) rule.count--;
    return rule;
  }

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const rule = takeRule(method, path);
    const failed = (error: unknown) => {
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${String(error)}`);
    };
    if (!rule) return void pass(upstream, req, res).catch(failed);
    const event: FaultEvent = {
      method,
      path,
      fault: rule.fault.kind,
      bytesWritten: 0,
      clientClosed: false,
      finished: false,
    };
    events.push(event);
    res.on('close', () => {
      if (!event.finished) event.clientClosed = true;
    });
    applyFault(rule.fault, upstream, req, res, event).catch(failed);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    events,
    setRules(next) {
      rules = next.map((rule) => ({ ...rule }));
    },
    reset() {
      rules = [];
      events.length = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
