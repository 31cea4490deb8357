// ESLint flat config: recommended rules, type-checked TypeScript rules, and the import directions of
// DESIGN.md ("Layout and import rules"), each enforced with no-restricted-imports.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Source folders under src/. Every file of src/ falls in exactly one import zone below, and each zone's block
// carries all of that zone's restrictions merged into one no-restricted-imports entry: in a flat config the
// last block that sets a rule for a file replaces the rule's options of every earlier block, so two blocks for
// the same files would silently drop the first one's restrictions (docs/architecture.md, "Lint rules").
const sourceFolders = [
  'client',
  'emulator',
  'core',
  'config',
  'homebridge',
  'node-red',
  'mqtt',
  'api',
  'runtime',
  'cli',
  'util',
];
const frontEnds = ['homebridge', 'node-red', 'mqtt', 'api', 'cli'];
const hostPackages = [
  'homebridge',
  'homebridge/*',
  'hap-nodejs',
  '@homebridge/*',
  'node-red',
  'mqtt',
  'aedes',
];
/** The one module that may import node:sqlite (the key store, next issue). */
const KEY_STORE = 'src/core/keys/store.ts';

/** Patterns that forbid importing the given src/ folders. */
function folders(...names) {
  return names.map((name) => `**/${name}/*`);
}

/** One restriction: import patterns (gitignore syntax, or a regex) and the message shown when one matches. */
function forbid(group, message) {
  return { patterns: [{ group, message }] };
}

const restrictions = {
  sqlite: {
    paths: [
      {
        name: 'node:sqlite',
        message: `Only ${KEY_STORE} imports node:sqlite; the rest uses the store's interface (DESIGN.md).`,
      },
    ],
  },
  util: {
    patterns: [
      {
        regex: '^\\.\\./',
        message: 'util/ imports nothing of ours: it is the leaf every part uses (DESIGN.md).',
      },
      {
        group: hostPackages,
        message: 'util/ imports nothing of ours: it is the leaf every part uses (DESIGN.md).',
      },
    ],
  },
  client: forbid(
    [...folders('core', 'emulator', 'config', ...frontEnds, 'runtime'), ...hostPackages],
    'client/ imports nothing of ours but util/ (DESIGN.md).',
  ),
  emulator: forbid(
    [
      ...folders('core', 'config', ...frontEnds, 'runtime'),
      '**/client/*',
      '!**/client/types.js',
      ...hostPackages,
    ],
    'emulator/ imports only the wire contract: client/types (DESIGN.md).',
  ),
  corePure: forbid(
    [...folders('emulator', 'config', ...frontEnds, 'runtime'), ...hostPackages, 'axios'],
    'core/ is pure domain code: no hosts, no front ends (DESIGN.md).',
  ),
  coreOnlyCloudUsesClient: forbid(
    folders('client'),
    'Only core/cloud/ talks to client/ (DESIGN.md: one module translates wire -> domain).',
  ),
  config: forbid(
    [...folders('client', 'core', 'emulator', ...frontEnds, 'runtime'), ...hostPackages],
    'config/ imports only util/ and ajv (DESIGN.md).',
  ),
  frontEnd: (frontEnd) =>
    forbid(
      [
        ...folders('client', 'emulator', ...frontEnds.filter((other) => other !== frontEnd)),
        // mqtt/ and api/ are composed by runtime/, so they may not import it back.
        ...(frontEnd === 'mqtt' || frontEnd === 'api' ? folders('runtime') : []),
      ],
      'Front ends use core/, config/ and runtime/ only, never client/ or each other (DESIGN.md).',
    ),
  runtime: forbid(
    folders('client', 'emulator', 'homebridge', 'node-red', 'cli'),
    'runtime/ composes core/, config/, mqtt/ and api/ for the hosts (docs/architecture.md).',
  ),
  cli: forbid(
    folders('client', 'homebridge', 'node-red', 'mqtt', 'api'),
    'The CLI uses core/, config/, runtime/ and emulator/ (DESIGN.md).',
  ),
};

/** One block for one zone: the zone's restrictions merged into a single rule entry. */
function zone(files, parts, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: parts.flatMap((part) => part.paths ?? []),
          patterns: parts.flatMap((part) => part.patterns ?? []),
        },
      ],
    },
  };
}

const { sqlite } = restrictions;
const importZones = [
  // Files directly under src/ (the package entry) and any folder without a zone of its own.
  zone(
    ['src/**'],
    [sqlite],
    sourceFolders.map((folder) => `src/${folder}/**`),
  ),
  zone(['src/util/**'], [restrictions.util, sqlite]),
  zone(['src/client/**'], [restrictions.client, sqlite]),
  zone(['src/emulator/**'], [restrictions.emulator, sqlite]),
  zone(
    ['src/core/**'],
    [restrictions.corePure, restrictions.coreOnlyCloudUsesClient, sqlite],
    ['src/core/cloud/**', KEY_STORE],
  ),
  zone(['src/core/cloud/**'], [restrictions.corePure, sqlite]),
  zone([KEY_STORE], [restrictions.corePure, restrictions.coreOnlyCloudUsesClient]),
  zone(['src/config/**'], [restrictions.config, sqlite]),
  ...['homebridge', 'node-red', 'mqtt', 'api'].map((frontEnd) =>
    zone([`src/${frontEnd}/**`], [restrictions.frontEnd(frontEnd), sqlite]),
  ),
  zone(['src/runtime/**'], [restrictions.runtime, sqlite]),
  zone(['src/cli/**'], [restrictions.cli, sqlite]),
];

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'reports/', 'node_modules/', 'nodes/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bench/*.js', '.ci/*.mjs', 'test/fixtures/*.mjs'] },
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'error',
      'max-lines': ['warn', { max: 320, skipBlankLines: true, skipComments: true }],
    },
  },
  ...importZones,
  {
    // Plain JavaScript (scripts, CI helpers, Node-RED shims): no type information to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-console': 'off' },
  },
  {
    // The Keys page (src/api/page/): browser ES modules served as they are. Lock, person and key names come from
    // users, so no HTML is ever built from strings; the access key lives in sessionStorage only (docs/api.md).
    files: ['src/api/page/**/*.js'],
    // Browser code outside every tsconfig: no type information (the rules above are switched off for .js files).
    languageOptions: { globals: globals.browser, parserOptions: { projectService: false, project: null } },
    rules: {
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'createContextualFragment'].map((property) => ({
          property,
          message: 'The Keys page builds the DOM with dom.js (text nodes only): names come from users.',
        })),
        ...['write', 'writeln', 'cookie'].map((property) => ({
          object: 'document',
          property,
          message: 'The Keys page writes no markup and no cookies (docs/api.md, "The Keys page").',
        })),
        {
          object: 'window',
          property: 'localStorage',
          message: 'The access key is kept in sessionStorage only.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'localStorage', message: 'The access key is kept in sessionStorage only.' },
        { name: 'EventSource', message: 'EventSource cannot send the Authorization header: use events.js.' },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      'max-lines': 'off',
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
