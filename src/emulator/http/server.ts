import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as realDelay } from 'node:timers/promises';
import type { Stats } from '../stats.js';
import { ApiError } from './apiError.js';
import type { ApiDependencies } from './apiPipeline.js';
import { SUPPORTED_VERSIONS, errorReply, handleApiRequest } from './apiPipeline.js';
import type { Reply } from './router.js';

const MAX_BODY_BYTES = 1_000_000;

function parseUrl(raw: string | undefined): URL {
  try {
    return new URL(raw ?? '/', 'http://emulator.local');
  } catch {
    throw new ApiError(400, 'The request URL is not valid.');
  }
}
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export type ControlHandler = (request: IncomingMessage, url: URL, body: unknown) => Promise<Reply>;

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
}

const GATEWAY_PAGE =
  '<!DOCTYPE html>\n<html><head><title>{status} Bad Gateway</title></head>\n' +
  '<body><h1>{status} Bad Gateway</h1><p>The server did not answer in time. Please try again later.</p></body></html>\n';

/** A gateway's or load balancer's HTML error page, as a fault rule's `body: "html"` asks. */
function writeHtmlPage(response: ServerResponse, status: number): void {
  response
    .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
    .end(GATEWAY_PAGE.replaceAll('{status}', String(status)));
}

/**
 * Writes a Tedee envelope; 204 and 304 carry no body, as HTTP requires. `truncated` (a fault rule) sends the
 * first half of the JSON only, with a matching Content-Length: a complete HTTP answer whose JSON is cut.
 */
function writeEnvelope(response: ServerResponse, reply: Reply, truncated = false): void {
  const headers = {
    'API-Supported-Versions': SUPPORTED_VERSIONS.join(', '),
    'X-Correlation-ID': randomUUID(),
    ...reply.headers,
  };
  if (reply.status === 204 || reply.status === 304) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const success = reply.status >= 200 && reply.status < 300;
  const envelope = {
    result: reply.result ?? null,
    success,
    errorMessages: reply.errorMessage ? [reply.errorMessage] : [],
    statusCode: reply.status,
  };
  const json = JSON.stringify(envelope);
  response
    .writeHead(reply.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' })
    .end(truncated ? json.slice(0, Math.floor(json.length / 2)) : json);
}

function writeJson(response: ServerResponse, reply: Reply): void {
  const body = reply.errorMessage ? { error: reply.errorMessage } : reply.result;
  response.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * The request listener of the emulator's HTTP server. Whatever a client sends, the answer is an error
 * envelope, never a crash of the process: a bad request ends in 400, a bug in the emulator in 500.
 */
export function createRequestListener(deps: ApiDependencies, control: ControlHandler, stats: Stats) {
  const handle = requestHandler(deps, control, stats);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      await handle(request, response);
    } catch (error) {
      if (response.headersSent) response.destroy();
      else
        writeEnvelope(
          response,
          errorReply(error instanceof URIError ? new ApiError(400, 'The request path is not valid.') : error),
        );
    }
  };
}

function requestHandler(deps: ApiDependencies, control: ControlHandler, stats: Stats) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // Logged with the time it arrived, not answered: what a rate limit counts, whatever a fault's latency adds.
    const arrivedAt = stats.now();
    const url = parseUrl(request.url);
    // Access links' own pages (/link/...) are answered by the control handler too: plain JSON, no key.
    const isControl = /^\/(_emulator|link)(\/|$)/i.test(url.pathname);
    let body: unknown;
    try {
      body = await readBody(request);
    } catch (error) {
      (isControl ? writeJson : writeEnvelope)(response, errorReply(error));
      return;
    }
    if (isControl) {
      if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
        writeJson(response, errorReply(new ApiError(403, 'The control API answers loopback clients only.')));
        return;
      }
      writeJson(response, await control(request, url, body).catch(errorReply));
      return;
    }
    const outcome = await handleApiRequest(deps, request, url, body);
    if (outcome.latencyMs > 0) await realDelay(outcome.latencyMs);
    stats.record(
      request.method ?? 'GET',
      outcome.route,
      outcome.drop ? 0 : outcome.reply.status,
      outcome.path,
      arrivedAt,
    );
    if (outcome.drop) {
      request.socket.destroy();
      return;
    }
    if (outcome.body === 'html') writeHtmlPage(response, outcome.reply.status);
    else writeEnvelope(response, outcome.reply, outcome.body === 'truncated');
  };
}
