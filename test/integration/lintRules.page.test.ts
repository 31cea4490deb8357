/**
 * The Keys page's own lint rules (eslint.config.js, src/api/page/): no HTML from strings, the key never in
 * localStorage or a cookie, no EventSource (it cannot send the Authorization header). Virtual files, as in
 * lintRules.test.ts; only the two rules that carry these restrictions run.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: new URL('../..', import.meta.url).pathname,
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-properties' || ruleId === 'no-restricted-globals',
  });
});

async function problems(code: string, filePath = 'src/api/page/assets/x.js'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lint rules of the Keys page', () => {
  it.each([
    ['node.innerHTML = name;', 'dom.js (text nodes only)'],
    ['const html = node.outerHTML;', 'dom.js (text nodes only)'],
    ["node.insertAdjacentHTML('beforeend', name);", 'dom.js (text nodes only)'],
    ['range.createContextualFragment(name);', 'dom.js (text nodes only)'],
    ['document.write(name);', 'no markup and no cookies'],
    ["document.cookie = 'k=' + key;", 'no markup and no cookies'],
    ["localStorage.setItem('k', key);", 'sessionStorage only'],
    ["window.localStorage.setItem('k', key);", 'sessionStorage only'],
    ["new EventSource('/api/v1/events');", 'cannot send the Authorization header'],
  ])('refuses %s', async (code, message) => {
    const found = await problems(`export function f(node, range, name, key) {\n  ${code}\n}\n`);
    expect(found.length, found.join('\n')).toBe(1);
    expect(found[0]).toContain(message);
  });

  it('lets the page build text nodes and use sessionStorage', async () => {
    const code =
      "export function f(node, name, key) {\n  node.textContent = name;\n  node.append(name);\n  sessionStorage.setItem('k', key);\n}\n";
    expect(await problems(code)).toEqual([]);
  });

  it('applies to the page only', async () => {
    expect(
      await problems('export const f = (node, name) => (node.innerHTML = name);\n', 'bench/x.js'),
    ).toEqual([]);
  });
});
