/**
 * The import rules of eslint.config.js hold: a throw-away file that breaks each rule is reported, and allowed
 * imports are not. The files are virtual (ESLint's lintText with a filePath under src/), so nothing is written;
 * only no-restricted-imports runs, without type information, which it does not need.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: new URL('../..', import.meta.url).pathname,
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  });
});

/** The no-restricted-imports messages for a file at `filePath` that imports `specifier`. */
async function importProblems(filePath: string, specifier: string, form = 'import'): Promise<string[]> {
  const code =
    form === 'type'
      ? `import type { T } from '${specifier}';\nexport type { T };\n`
      : form === 'export'
        ? `export * from '${specifier}';\n`
        : `import * as imported from '${specifier}';\nexport { imported };\n`;
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result!.messages.filter((message) => message.ruleId !== 'no-restricted-imports');
  expect(fatal, `unexpected problems in ${filePath}`).toEqual([]);
  return result!.messages.map((message) => message.message);
}

// [the file, what it imports, a fragment of the rule's message]
const forbidden: [string, string, string][] = [
  // core/ is pure: no hosts, no front ends, no HTTP library (these were lost to a later block for core/hub).
  ['src/core/hub/x.ts', 'mqtt', 'core/ is pure'],
  ['src/core/hub/x.ts', 'homebridge', 'core/ is pure'],
  ['src/core/hub/x.ts', 'aedes', 'core/ is pure'],
  ['src/core/hub/x.ts', '../../mqtt/mirror.js', 'core/ is pure'],
  ['src/core/hub/x.ts', '../../homebridge/platform.js', 'core/ is pure'],
  ['src/core/x.ts', 'axios', 'core/ is pure'],
  ['src/core/cloud/x.ts', 'mqtt', 'core/ is pure'],
  ['src/core/cloud/x.ts', '../../config/index.js', 'core/ is pure'],
  ['src/core/keys/store.ts', 'homebridge', 'core/ is pure'],
  // Only core/cloud/ talks to client/.
  ['src/core/hub/x.ts', '../../client/index.js', 'Only core/cloud/'],
  ['src/core/x.ts', '../client/transport.js', 'Only core/cloud/'],
  ['src/core/keys/store.ts', '../../client/index.js', 'Only core/cloud/'],
  // The emulator imports only the wire contract.
  ['src/emulator/x.ts', '../client/transport.js', 'emulator/ imports only'],
  // Its PIN rules are its own, so that a bug shared with the hub's check cannot hide.
  ['src/emulator/routes/x.ts', '../../client/rules.js', 'emulator/ imports only'],
  ['src/emulator/x.ts', '../client/index.js', 'emulator/ imports only'],
  ['src/emulator/routes/x.ts', '../../client/errors.js', 'emulator/ imports only'],
  ['src/emulator/x.ts', '../core/index.js', 'emulator/ imports only'],
  ['src/emulator/x.ts', 'mqtt', 'emulator/ imports only'],
  // util/ is the leaf: nothing of ours.
  ['src/util/x.ts', '../client/types.js', 'util/ imports nothing of ours'],
  ['src/util/x.ts', '../core/lock.js', 'util/ imports nothing of ours'],
  ['src/util/x.ts', '../index.js', 'util/ imports nothing of ours'],
  ['src/util/x.ts', 'homebridge', 'util/ imports nothing of ours'],
  // node:sqlite only in the key store.
  ['src/core/keys/x.ts', 'node:sqlite', 'Only src/core/keys/store.ts imports node:sqlite'],
  ['src/core/hub/x.ts', 'node:sqlite', 'Only src/core/keys/store.ts imports node:sqlite'],
  ['src/core/cloud/x.ts', 'node:sqlite', 'Only src/core/keys/store.ts imports node:sqlite'],
  ['src/runtime/x.ts', 'node:sqlite', 'Only src/core/keys/store.ts imports node:sqlite'],
  ['src/index.ts', 'node:sqlite', 'Only src/core/keys/store.ts imports node:sqlite'],
  ['src/util/x.ts', 'node:sqlite', 'Only src/core/keys/store.ts imports node:sqlite'],
  // client/ imports nothing of ours but util/.
  ['src/client/x.ts', '../core/index.js', 'client/ imports nothing'],
  ['src/client/endpoints/x.ts', '../../emulator/index.js', 'client/ imports nothing'],
  // config/, the front ends, runtime/ and the CLI.
  ['src/config/x.ts', '../core/index.js', 'config/ imports only'],
  ['src/homebridge/x.ts', '../client/index.js', 'Front ends use core/'],
  ['src/homebridge/x.ts', '../mqtt/mirror.js', 'Front ends use core/'],
  ['src/mqtt/x.ts', '../runtime/services.js', 'Front ends use core/'],
  ['src/node-red/x.ts', '../homebridge/platform.js', 'Front ends use core/'],
  ['src/api/x.ts', '../mqtt/mirror.js', 'Front ends use core/'],
  ['src/api/x.ts', '../runtime/services.js', 'Front ends use core/'],
  ['src/api/routes/x.ts', '../../client/index.js', 'Front ends use core/'],
  ['src/runtime/x.ts', '../client/index.js', 'runtime/ composes'],
  ['src/cli/x.ts', '../mqtt/index.js', 'The CLI uses'],
  ['src/cli/x.ts', '../api/index.js', 'The CLI uses'],
];

const allowed: [string, string][] = [
  ['src/api/x.ts', '../core/index.js'],
  ['src/runtime/x.ts', '../api/index.js'],
  ['src/core/cloud/account.ts', '../../client/index.js'],
  ['src/core/hub/x.ts', '../../util/clock.js'],
  ['src/core/hub/x.ts', '../lock.js'],
  ['src/core/keys/store.ts', 'node:sqlite'],
  ['src/emulator/x.ts', '../client/types.js'],
  ['src/emulator/routes/x.ts', '../../client/types.js'],
  ['src/util/x.ts', './clock.js'],
  ['src/util/x.ts', 'node:crypto'],
  ['src/client/x.ts', '../util/secrets.js'],
  ['src/client/x.ts', 'axios'],
  ['src/config/x.ts', 'ajv'],
  ['src/homebridge/x.ts', '../runtime/services.js'],
  ['src/homebridge/x.ts', '../core/index.js'],
  ['src/runtime/x.ts', '../mqtt/index.js'],
  ['src/cli/x.ts', '../emulator/index.js'],
  ['test/integration/x.test.ts', 'node:sqlite'],
];

describe('an import that breaks a rule is an error', () => {
  for (const [file, specifier, message] of forbidden) {
    it(`${file} -> ${specifier}`, async () => {
      const problems = await importProblems(file, specifier);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(message);
    });
  }

  it('type-only imports and re-exports count too', async () => {
    expect(await importProblems('src/core/hub/x.ts', '../../client/types.js', 'type')).toHaveLength(1);
    expect(await importProblems('src/util/x.ts', '../core/lock.js', 'export')).toHaveLength(1);
  });
});

describe('an allowed import is not reported', () => {
  for (const [file, specifier] of allowed) {
    it(`${file} -> ${specifier}`, async () => {
      expect(await importProblems(file, specifier)).toEqual([]);
    });
  }
});
