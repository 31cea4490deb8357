/**
 * The `tedee-schedule` editor's validation, run as the editor runs it: the node definition in
 * nodes/tedee-schedule.html evaluated against a stand-in `RED` (no browser), each rule answering with the
 * locale message that names the field.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

interface Property {
  validate?: (this: Record<string, unknown>, value: string) => true | string;
}

const html = readFileSync('nodes/tedee-schedule.html', 'utf8');
const locale = JSON.parse(readFileSync('nodes/locales/en-US/tedee-schedule.json', 'utf8')) as {
  'tedee-schedule': Record<string, Record<string, string>>;
};

function definition(): { defaults: Record<string, Property> } {
  const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)![1]!;
  let registered: { defaults: Record<string, Property> } | undefined;
  runInNewContext(script, {
    RED: { nodes: { registerType: (_type: string, def: typeof registered) => (registered = def) } },
    // No dialog open: the rules read the node's own properties.
    $: () => ({ length: 0 }),
  });
  return registered!;
}

/** The translated message, as `this._` gives it in the editor. */
function translate(key: string): string {
  const [, group = '', name = ''] = key.split('.');
  return locale['tedee-schedule'][group]?.[name] as string;
}

function check(node: Record<string, string>): string[] {
  const { defaults } = definition();
  const problems: string[] = [];
  for (const [field, property] of Object.entries(defaults)) {
    const answer = property.validate?.call({ ...node, _: translate }, node[field] ?? '');
    if (answer !== undefined && answer !== true) problems.push(answer);
  }
  return problems;
}

describe('tedee-schedule editor', () => {
  it('accepts a profile, or a key with its account', () => {
    expect(check({ profile: 'prof', key: '', account: '' })).toEqual([]);
    expect(check({ profile: '', key: 'k-1', account: 'acc' })).toEqual([]);
  });

  it('names the source when both or neither are set', () => {
    expect(check({ profile: '', key: '', account: '' })).toEqual([translate('x.error.source')]);
    expect(check({ profile: 'prof', key: 'k-1', account: 'acc' })).toEqual([translate('x.error.source')]);
    expect(translate('x.error.source')).toMatch(/^profile or key:/);
  });

  it('names the account when a key has none', () => {
    expect(check({ profile: '', key: 'k-1', account: '' })).toEqual([translate('x.error.account')]);
    expect(translate('x.error.account')).toMatch(/^account:/);
  });

  it('has every label and output the editor asks for in the locale', () => {
    const keys = [...html.matchAll(/tedee-schedule\.(\w+)\.(\w+)/g)].map(
      (match) => `${match[1]}.${match[2]}`,
    );
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(translate(`x.${key}`), key).toBeTypeOf('string');
  });
});
