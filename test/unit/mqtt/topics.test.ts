import { describe, expect, it } from 'vitest';
import { Topics, assignSlugs, matchesFilter, slugify } from '../../../src/mqtt/topics.js';

describe('slugs', () => {
  it('are lowercase ASCII letters, digits and underscores', () => {
    expect(slugify('Front Door')).toBe('front_door');
    expect(slugify('Küche / Hintertür #2')).toBe('kuche_hintertur_2');
    expect(slugify('  ++  ')).toBe('');
  });

  it('are unique: a clash gets the end of the serial number, resolved the same way whatever the order', () => {
    const locks = [
      { serialNumber: '20420103-000002', name: 'Door' },
      { serialNumber: '20420103-000001', name: 'Door' },
      { serialNumber: '20420103-000003', name: '🔒' },
      { serialNumber: '20420103-000004', name: 'Bridge' },
    ];
    const slugs = assignSlugs(locks);
    expect(Object.fromEntries(slugs)).toEqual({
      '20420103-000001': 'door',
      '20420103-000002': 'door_000002',
      '20420103-000003': 'lock',
      '20420103-000004': 'bridge_000004',
    });
    expect(assignSlugs([...locks].reverse())).toEqual(slugs);
  });
});

describe('Topics', () => {
  const topics = new Topics('home/tedee');
  it('builds the contract topics', () => {
    expect([
      topics.bridgeState,
      topics.state('a'),
      topics.availability('a'),
      topics.set('a'),
      topics.result('a'),
      topics.commands,
    ]).toEqual([
      'home/tedee/bridge/state',
      'home/tedee/a',
      'home/tedee/a/availability',
      'home/tedee/a/set',
      'home/tedee/a/result',
      'home/tedee/+/set',
    ]);
  });

  it('reads the lock of a command topic and nothing else', () => {
    expect(topics.slugOfCommand('home/tedee/front_door/set')).toBe('front_door');
    expect(topics.slugOfCommand('home/tedee/front_door')).toBeUndefined();
    expect(topics.slugOfCommand('home/tedee/a/b/set')).toBeUndefined();
    expect(topics.slugOfCommand('other/front_door/set')).toBeUndefined();
  });
});

describe('matchesFilter', () => {
  it.each([
    ['tedee/response/#', 'tedee/response/ha/1', true],
    ['tedee/response/#', 'tedee/response', true],
    ['tedee/response/#', 'tedee/bridge/state', false],
    ['tedee/response/#', 'homeassistant/lock/x/config', false],
    ['tedee/+/set', 'tedee/front_door/set', true],
    ['tedee/+/set', 'tedee/a/b/set', false],
    ['replies', 'replies', true],
    ['replies', 'replies/x', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(matchesFilter(filter, topic)).toBe(expected);
  });
});
