/** docs/parts.svg is what scripts/diagram.ts draws: the picture changes only with its source. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOXES, SVG_FILE, partsSvg } from '../../../scripts/diagram.js';

describe('the parts diagram', () => {
  it('is the file scripts/diagram.ts writes (run `node scripts/diagram.ts` after changing it)', () => {
    expect(readFileSync(SVG_FILE, 'utf8')).toBe(partsSvg());
  });

  it('draws every box with its title, as well-formed SVG text', () => {
    const svg = partsSvg();
    for (const box of BOXES) expect(svg).toContain(`>${box.title}</text>`);
    expect(svg.match(/<text /g)?.length).toBe(svg.match(/<\/text>/g)?.length);
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });
});
