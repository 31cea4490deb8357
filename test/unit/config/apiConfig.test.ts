import { describe, expect, it } from 'vitest';
import { loadSchemaFile, validateConfig } from '../../../src/config/index.js';

const key = 'AbCdEf.0123456789abcdef';

describe('the api block', () => {
  it('is off when absent; defaults (port 8581 on 127.0.0.1) come from code, not the form', () => {
    expect(JSON.stringify(loadSchemaFile().schema.properties.api)).not.toContain('"default"');
    const off = validateConfig({ personalAccessKey: key });
    expect(off.ok && off.config.api).toBeUndefined();
    const on = validateConfig({ personalAccessKey: key, api: {} });
    expect(on.ok && on.config.api).toEqual({ port: 8581, host: '127.0.0.1' });
    const full = {
      port: 9443,
      host: '0.0.0.0',
      tls: { cert: '/etc/hub/cert.pem', key: '/etc/hub/key.pem' },
      trustProxy: false,
    };
    const given = validateConfig({ personalAccessKey: key, api: full });
    expect(given).toMatchObject({ ok: true, warnings: [], config: { api: full } });
  });

  it('a bad block names the field and turns the API off, nothing else', () => {
    const port = validateConfig({ personalAccessKey: key, api: { port: 70000 } });
    expect(port).toMatchObject({ ok: true, warnings: ['api.port: must be <= 65535; ignored'] });
    expect(port.ok && port.config.api).toBeUndefined();
    const tls = validateConfig({ personalAccessKey: key, api: { tls: { cert: '/c.pem' } } });
    expect(tls).toMatchObject({ ok: true, warnings: ['api.tls.key: is required; ignored'] });
    const typo = validateConfig({ personalAccessKey: key, api: { prot: 1 } });
    expect(typo.ok && typo.warnings[0]).toMatch(
      /^api\.prot: is not a known option \(allowed: port, host, tls, trustProxy\)/,
    );
  });
});
