/**
 * The package as Node-RED 5 and 4 see it: linked into a user directory like an installed module, its
 * `node-red` section loads every node from nodes/ (ESM shims over dist/) with its editor help and icon.
 * Needs dist/ (npx tsc -p tsconfig.build.json).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NODE_RED_RUNTIMES } from '../helpers/nodeRed.js';

const run = promisify(execFile);
// Every node the package declares, in the order Node-RED reports them (sorted by type).
const declared = Object.keys(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { 'node-red': { nodes: object } })['node-red'].nodes,
).sort();

describe.each(NODE_RED_RUNTIMES)('%s', (runtime) => {
  it('registers the nodes of the package with their help and icon', async () => {
    const { stdout } = await run(process.execPath, ['test/fixtures/node-red-package.mjs', runtime], {
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(result.nodeRed).toMatch(runtime === 'node-red' ? /^5\./ : /^4\./);
    expect(result).toMatchObject({
      registered: declared,
      error: null,
      help: declared,
    });
    expect([...(result.icons as string[])].sort()).toEqual(['tedee-events.svg', 'tedee.svg']);
  });
});
