import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { embeddedBrokerProblem } from '../../../src/mqtt/index.js';

describe('the mqtt block', () => {
  it('refuses an embedded broker on a non-loopback address without credentials, naming the field', () => {
    const result = validateConfig({ personalAccessKey: 'a.b', mqtt: { embedded: { host: '0.0.0.0' } } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(
        /^mqtt\.embedded\.host: must be a loopback address .*mqtt\.username and mqtt\.password/,
      ),
    ]);
    expect(embeddedBrokerProblem({ host: '0.0.0.0' })).toMatch(/^mqtt\.embedded\.host: /);
  });

  it.each([
    [{ embedded: { host: '0.0.0.0' }, username: 'hub', password: 'secret' }],
    [{ embedded: { host: '127.0.0.1' } }],
    [{ embedded: { host: '::1' } }],
    [{ embedded: { port: 1883 } }],
  ])('accepts loopback, or any address with credentials: %j', (mqtt) => {
    expect(validateConfig({ personalAccessKey: 'a.b', mqtt }).ok).toBe(true);
  });

  it('takes response topic filters for MQTT 5 and refuses a # in the middle', () => {
    expect(
      validateConfig({
        personalAccessKey: 'a.b',
        mqtt: { url: 'mqtt://x', commands: { responseTopics: ['replies/#'] } },
      }).ok,
    ).toBe(true);
    const bad = validateConfig({
      personalAccessKey: 'a.b',
      mqtt: { url: 'mqtt://x', commands: { responseTopics: ['a/#/b'] } },
    });
    expect(!bad.ok && bad.errors).toEqual([
      'mqtt.commands.responseTopics[0]: must be a topic filter (# only at the end)',
    ]);
  });
});
