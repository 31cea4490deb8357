/**
 * The client against a hostile or broken cloud, served by a raw TCP server on 127.0.0.1 that writes exactly the
 * bytes each case needs: any JSON with any status (wrong types, no envelope), a chunked body that never ends,
 * a gzip bomb, a slow-loris answer (one byte per second, before and after the headers) and an answer that lies
 * about its length. Property: a result or a TedeeError with a stable code, within the deadline, with bounded
 * memory; never another error, never a crash. (client.malformed covers each endpoint's field checks; client.faults
 * the deadline and size limit through the fault proxy.)
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TedeeClientOptions } from '../../src/client/index.js';
import { createTedeeClient, TedeeError } from '../../src/client/index.js';

type Answer = (socket: Socket, path: string) => void;
let answer: Answer = (socket) => socket.end();
let server: Server;
let url: string;
const sockets = new Set<Socket>();
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      answer(socket, head.split(' ')[1] ?? '/');
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  for (const socket of sockets) socket.destroy();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(options: Partial<TedeeClientOptions> = {}) {
  return createTedeeClient({ personalAccessKey: 'abc.SecretPart9', apiUrl: url, retries: 0, ...options });
}

function respond(
  socket: Socket,
  status: number,
  body: Buffer | string,
  headers: Record<string, string> = {},
) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = Object.entries({
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    connection: 'close',
    ...headers,
  });
  socket.end(
    Buffer.concat([
      Buffer.from(`HTTP/1.1 ${status} X\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`),
      bytes,
    ]),
  );
}

/** Writes `chunk` every `intervalMs` as HTTP chunks, forever (until the client hangs up or the test ends). */
function endlessChunks(
  socket: Socket,
  chunk: Buffer,
  intervalMs: number,
  status = '200 OK',
): { written: () => number } {
  let written = 0;
  socket.write(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`);
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    // Backpressure: write only what the client reads, as a real server would.
    while (!socket.destroyed && socket.writableLength < 1024 * 1024) {
      socket.write(frame);
      written += chunk.length;
      if (intervalMs > 0) break;
    }
  }, intervalMs);
  timers.add(timer);
  return { written: () => written };
}

async function failure(promise: Promise<unknown>): Promise<TedeeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TedeeError);
  return error as TedeeError;
}

/** Samples heap and array buffers while `run` goes, and returns how much they grew at most. */
async function peakGrowth(run: () => Promise<void>): Promise<number> {
  const size = () => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const before = size();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, size())), 2);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, size()) - before;
}

const CODES = [
  'INVALID_RESPONSE',
  'AUTH_INVALID',
  'SCOPE_MISSING',
  'NOT_FOUND',
  'BAD_REQUEST',
  'PIN_INVALID',
  'PIN_DUPLICATE',
  'PIN_LIMIT',
  'DEVICE_TIMEOUT',
  'DEVICE_BUSY',
  'DEVICE_OFFLINE',
  'REVISION_CONFLICT',
  'ACCESS_REJECTED',
  'RATE_LIMITED',
  'BUDGET_EXHAUSTED',
  'SERVER_ERROR',
  'NETWORK',
  'TIMEOUT',
];

describe('any answer (property)', () => {
  const envelopeOrNot = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        result: fc.jsonValue({ maxDepth: 3 }),
        success: fc.jsonValue({ maxDepth: 0 }),
        errorMessages: fc.jsonValue({ maxDepth: 1 }),
        statusCode: fc.jsonValue({ maxDepth: 0 }),
      },
      { requiredKeys: [] },
    ),
    fc
      .array(
        fc.record(
          {
            id: fc.jsonValue({ maxDepth: 1 }),
            isConnected: fc.jsonValue({ maxDepth: 0 }),
            revision: fc.jsonValue({ maxDepth: 0 }),
            deviceState: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      )
      .map((result) => ({ result, success: true, errorMessages: [], statusCode: 200 })),
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: envelopeOrNot.map((json) => JSON.stringify(json)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '<html>',
        '{"result":',
        '\u0000\u0001',
        '{"result":[]} trailing',
        'null',
      ),
    },
  );
  const status = fc.constantFrom(
    200,
    200,
    200,
    201,
    202,
    204,
    301,
    304,
    400,
    401,
    403,
    404,
    406,
    408,
    409,
    429,
    500,
    502,
    503,
    504,
    599,
  );
  const call = fc.constantFrom('syncLocks', 'syncLock', 'listAllLocks', 'getOperation', 'lock', 'listPins');

  it('is a result of the right shape or a coded TedeeError, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(status, body, call, async (code, text, name) => {
        answer = (socket) => respond(socket, code, text, code === 429 ? { 'retry-after': 'soon' } : {});
        const tedee = client();
        const calls: Record<string, () => Promise<unknown>> = {
          syncLocks: () => tedee.syncLocks(),
          syncLock: () => tedee.syncLock(101),
          listAllLocks: () => tedee.listAllLocks(),
          getOperation: () => tedee.getOperation('op-1'),
          lock: () => tedee.lock(101),
          listPins: () => tedee.listPins(101),
        };
        try {
          const result = await calls[name]!();
          if (name === 'syncLocks' || name === 'listAllLocks') expect(Array.isArray(result)).toBe(true);
          if (name === 'listPins')
            expect(typeof (result as { notModified?: unknown }).notModified).toBe('boolean');
        } catch (error) {
          if (!(error instanceof TedeeError)) throw error;
          expect(CODES).toContain(error.code);
          expect(error.message).not.toMatch(/Cannot read|TypeError|is not a function|\[object /);
          expect(error.message).not.toContain('SecretPart9');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('bodies that never end', () => {
  it('a chunked answer that never ends is refused at the size limit, with bounded memory', async () => {
    let stream: { written: () => number } | undefined;
    answer = (socket) => (stream = endlessChunks(socket, Buffer.alloc(64 * 1024, ' '), 0));
    let error: TedeeError | undefined;
    const started = performance.now();
    const grown = await peakGrowth(async () => {
      error = await failure(client({ timeoutMs: 20_000, maxResponseBytes: 4 * 1024 * 1024 }).syncLocks());
    });
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(error!.message).toContain('more than 4 MiB');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(stream!.written()).toBeLessThan(4 * 1024 * 1024 + 8 * 1024 * 1024);
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });

  it('a gzip bomb (64 MiB of zeros in 64 KiB) is refused at the size limit of what it unpacks to', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    answer = (socket) => respond(socket, 200, bomb, { 'content-encoding': 'gzip' });
    let error: TedeeError | undefined;
    const grown = await peakGrowth(async () => {
      error = await failure(client({ timeoutMs: 20_000, maxResponseBytes: 4 * 1024 * 1024 }).syncLocks());
    });
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(error!.message).toContain('more than 4 MiB');
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });

  it('an error status with an endless body is still bounded', async () => {
    answer = (socket) => endlessChunks(socket, Buffer.alloc(64 * 1024, 'x'), 0, '500 Oops');
    const error = await failure(client({ timeoutMs: 20_000, maxResponseBytes: 1024 * 1024 }).syncLocks());
    expect(['INVALID_RESPONSE', 'SERVER_ERROR']).toContain(error.code);
  });
});

describe('slow-loris answers: the overall deadline cuts them', () => {
  it('one byte per second of the body, after the headers', async () => {
    answer = (socket) => endlessChunks(socket, Buffer.from(' '), 1000);
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 1500 }).syncLocks());
    expect(error).toMatchObject({ code: 'TIMEOUT', sent: true });
    expect(performance.now() - started).toBeLessThan(1500 + 3000);
  });

  it('one byte per second of the status line and headers, before any body', async () => {
    const head = Buffer.from(
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: ' + 'a'.repeat(1000),
    );
    answer = (socket) => {
      let sent = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed && sent < head.length) socket.write(head.subarray(sent, ++sent));
      }, 1000);
      timers.add(timer);
    };
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 1500 }).syncLocks());
    expect(error).toMatchObject({ code: 'TIMEOUT', sent: true });
    expect(performance.now() - started).toBeLessThan(1500 + 3000);
  });

  it('an answer that promises more bytes than it sends and then stalls', async () => {
    answer = (socket) =>
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"result":[',
      );
    const error = await failure(client({ timeoutMs: 1500 }).syncLocks());
    expect(error.code).toBe('TIMEOUT');
  });

  it('an answer that promises more bytes than it sends and then closes', async () => {
    answer = (socket) =>
      socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"result":[',
      );
    const error = await failure(client({ timeoutMs: 1500 }).syncLocks());
    expect(['NETWORK', 'INVALID_RESPONSE']).toContain(error.code);
  });
});
