/** docs/api.md says what the code does: its rights table is rightsOf(), and it explains every AppError code. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { APP_GROUPS } from '../../../../src/core/apps/api.js';
import { APP_ERROR_CODES } from '../../../../src/core/apps/errors.js';
import { rightsOf } from '../../../../src/core/apps/rights.js';

const doc = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it('has the rights table of src/core/apps/rights.ts', () => {
    const header = doc.split('\n').find((line) => /^\| right\s+\|/.test(line))!;
    const groups = header
      .split('|')
      .slice(2, -1)
      .map((cell) => cell.trim());
    expect(groups).toEqual(APP_GROUPS);
    const rows = doc.split('\n').filter((line) => /^\| `[a-z.]+`\s+\|/.test(line));
    const documented = Object.fromEntries(APP_GROUPS.map((group) => [group, [] as string[]]));
    for (const row of rows) {
      const [right, ...marks] = row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      marks.forEach((mark, index) => {
        if (mark === '✓') documented[groups[index]!]!.push(right!.replace(/`/g, ''));
      });
    }
    for (const group of APP_GROUPS) expect(documented[group]!.sort(), group).toEqual(rightsOf(group).sort());
  });

  it('explains every AppError code', () => {
    for (const code of APP_ERROR_CODES) expect(doc).toMatch(new RegExp(`^\\| \`${code}\`\\s+\\|`, 'm'));
  });
});
