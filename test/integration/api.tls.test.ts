/** The API over HTTPS from configured PEM files (a self-signed pair made by openssl for the test). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { startApi } from '../helpers/apiServer.js';

const env = useEmulator({ locks: 1 });
const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((path) => existsSync(path));

function selfSigned(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'api-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    openssl!,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

function get(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(!openssl)('TLS (needs openssl to make a certificate)', () => {
  it('serves https from the configured certificate and key files', async () => {
    const tls = selfSigned();
    const fx = await startApi(env, { server: { config: { port: 0, tls } } });
    expect(fx.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await get(`${fx.url}/api/v1/health`, readFileSync(tls.cert));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toHaveProperty('state');
  });
});
