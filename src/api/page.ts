/**
 * The Keys page's static files, served by the API server when `page.root` is given: `GET /` is the folder's
 * index.html, `GET /assets/<file>` a file of its `assets/` folder. Nothing outside those is ever read.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

async function fileOrNotFound(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new ApiError(404, 'ROUTE_NOT_FOUND', 'No such file.');
  }
}

export function registerPage(app: FastifyInstance, root: string): void {
  const assets = resolve(root, 'assets');
  const headers = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  app.get('/', async (_request, reply) => {
    const body = await fileOrNotFound(join(resolve(root), 'index.html'));
    return reply
      .headers({ ...headers, 'content-type': TYPES['.html'], 'cache-control': 'no-cache' })
      .send(body);
  });
  app.get('/assets/*', async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const path = resolve(assets, name);
    // Only files below assets/: "..", absolute paths and encoded tricks resolve outside and are refused.
    if (!path.startsWith(assets + sep)) throw new ApiError(404, 'ROUTE_NOT_FOUND', 'No such file.');
    const body = await fileOrNotFound(path);
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    return reply.headers({ ...headers, 'content-type': type, 'cache-control': 'no-cache' }).send(body);
  });
}
