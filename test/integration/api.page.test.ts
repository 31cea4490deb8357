/** The Keys page's static files through the API server: `/` and `/assets/*` from the given folder, nothing else. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';

const env = useEmulator({ locks: 1 });
const root = mkdtempSync(join(tmpdir(), 'api-page-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Keys</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
writeFileSync(join(root, 'secret.txt'), 'not served');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the Keys page', () => {
  it('serves / and /assets/* with their types; nothing outside assets/', async () => {
    const fx = await startApi(env, { server: { page: { root } } });
    const index = await fetch(`${fx.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>Keys</title>');
    const script = await fetch(`${fx.url}/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const path of [
      '/assets/../secret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/..%2fsecret.txt',
      '/secret.txt',
      '/assets/none.js',
    ]) {
      const answer = await fetch(`${fx.url}${path}`);
      expect(answer.status, path).toBe(404);
      expect(await answer.text()).not.toContain('not served');
    }
  });

  it('without a page, / is not found in the API error shape', async () => {
    const fx = await startApi(env);
    const answer = await fx.client()('GET', '/');
    expect(answer.status).toBe(404);
    expect(answer.body.error?.code).toBe('ROUTE_NOT_FOUND');
  });
});
