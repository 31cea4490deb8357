import { describe, expect, it } from 'vitest';
import { loadSchemaFile, validateConfig } from '../../../src/config/index.js';

const key = 'abc123.SecretPartOfTheKey';
const smtp = {
  host: 'smtp.example.com',
  port: 587,
  secure: false,
  username: 'desk',
  password: 'Sm7p-Pa55word!',
  from: 'Front desk <desk@example.com>',
};
const delivery = {
  webhook: { url: 'https://booking.example/hooks/keys', secret: 'whsec-0123456789abcdef', timeoutMs: 5000 },
  subject: 'Your key {{key.name}}',
  template: 'Hi {{person.name}}, your code is {{doorcode}}.',
};

describe('the smtp and delivery blocks', () => {
  it('accepts them as written', () => {
    const result = validateConfig({ personalAccessKey: key, smtp, delivery });
    expect(result).toMatchObject({ ok: true, warnings: [], config: { smtp, delivery } });
  });

  it('shows the SMTP password and the webhook secret as password fields in the Homebridge form', () => {
    const { schema } = loadSchemaFile();
    const properties = schema.properties as Record<
      string,
      { properties: Record<string, Record<string, unknown>> }
    >;
    expect(properties.smtp!.properties.password!['x-schema-form']).toEqual({ type: 'password' });
    const webhook = properties.delivery!.properties.webhook as unknown as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(webhook.properties.secret!['x-schema-form']).toEqual({ type: 'password' });
  });

  it('puts every field in the form layout', () => {
    const layout = JSON.stringify(loadSchemaFile().layout);
    for (const field of [...Object.keys(smtp), 'timeoutMs'].map((name) => `smtp.${name}`))
      expect(layout).toContain(`"${field}"`);
    for (const field of ['webhook.url', 'webhook.secret', 'webhook.timeoutMs', 'subject', 'template'])
      expect(layout).toContain(`"delivery.${field}"`);
  });

  it('a bad block is ignored with a warning that names the field and never echoes a secret', () => {
    const result = validateConfig({
      personalAccessKey: key,
      smtp: { host: 'smtp.example.com', password: 'Sm7p-Pa55word!' },
      delivery: { webhook: { url: 'ftp://x', secret: 'short' } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.smtp).toBeUndefined();
    expect(result.config.delivery).toBeUndefined();
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        'smtp.from: is required; ignored',
        'delivery.webhook.url: must be an http:// or https:// URL; ignored',
        'delivery.webhook.secret: must NOT have fewer than 16 characters; ignored',
      ]),
    );
    expect(result.warnings.join('\n')).not.toContain('Sm7p-Pa55word!');
    expect(result.warnings.join('\n')).not.toContain('short');
  });

  it('refuses a sender with a line break (a header injection)', () => {
    const result = validateConfig({ personalAccessKey: key, smtp: { ...smtp, from: 'a@b.c\r\nBcc: x@y.z' } });
    expect(result.ok && result.warnings).toEqual([
      'smtp.from: must be an address or "Name <address>" on one line; ignored',
    ]);
  });
});
