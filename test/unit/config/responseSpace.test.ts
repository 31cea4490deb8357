import { describe, expect, it } from 'vitest';
import { filtersOverlap, validateConfig } from '../../../src/config/index.js';

function check(responseTopics: string[], mqtt: Record<string, unknown> = {}) {
  return validateConfig({
    personalAccessKey: 'abc.def',
    mqtt: { url: 'mqtt://127.0.0.1', commands: { enabled: true, responseTopics }, ...mqtt },
  });
}

describe('mqtt.commands.responseTopics', () => {
  it.each([
    ['#'],
    ['tedee/#'],
    ['homeassistant/#'],
    ['tedee/+/set'],
    ['+/bridge/state'],
    ['tedee/response'],
    ['+/+'],
  ])('refuses %s: it covers the hub own topics, and names the entry', (filter) => {
    const result = check(['tedee/response/ok/#', filter]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([
        expect.stringMatching(/^mqtt\.commands\.responseTopics\[1\]: covers the hub's own topics/),
      ]);
  });

  it('follows the configured base topic and discovery prefix', () => {
    expect(check(['home/locks/#'], { baseTopic: 'home/locks' }).ok).toBe(false);
    expect(check(['ha/#'], { discovery: { prefix: 'ha' } }).ok).toBe(false);
    expect(check(['homeassistant/#'], { discovery: { prefix: 'ha' } }).ok).toBe(true);
  });

  it.each([['tedee/response/#'], ['tedee/response/ha/+'], ['replies/#'], ['ha/+/reply']])(
    'accepts %s',
    (filter) => {
      expect(check([filter]).ok).toBe(true);
    },
  );
});

describe('filtersOverlap', () => {
  it.each([
    ['a/#', 'a', true],
    ['a/+', 'a/b', true],
    ['a/b', 'a', false],
    ['a/+/c', 'a/b/d', false],
    ['+/b/#', 'a/+/c', true],
    ['a', 'a', true],
  ])('%s and %s: %s', (a, b, overlap) => {
    expect(filtersOverlap(a, b)).toBe(overlap);
    expect(filtersOverlap(b, a)).toBe(overlap);
  });
});
