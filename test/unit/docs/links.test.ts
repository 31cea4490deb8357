/** Docs point only at files that are in the repository: every relative link of README.md and docs/*.md. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOCUMENTS = [
  'README.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].filter((path) => existsSync(join(ROOT, path)));

/** Link targets: `[text](target)`, `![alt](target)`, `[ref]: target`, and src/href attributes. */
export function linkTargets(markdown: string): string[] {
  // Code is not a link: fenced blocks and inline code are dropped first.
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1]!),
    ...[...text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!),
  ];
  return targets.filter((target) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(target));
}

describe('relative links in the docs', () => {
  it('finds the documents and the links in them', () => {
    expect(DOCUMENTS).toContain('README.md');
    expect(
      linkTargets('[a](docs/a.md) `[b](no.md)` ![c](d.svg "t") [e](https://x) [f](#g)\n[h]: ../h.md'),
    ).toEqual(['docs/a.md', 'd.svg', '../h.md']);
  });

  it.each(DOCUMENTS)('%s points only at files that exist', (document) => {
    const missing = linkTargets(readFileSync(join(ROOT, document), 'utf8'))
      .map((target) => decodeURIComponent(target.split('#')[0]!))
      .filter((path) => path !== '' && !existsSync(resolve(ROOT, dirname(document), path)));
    expect(missing).toEqual([]);
  });
});
