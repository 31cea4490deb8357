// ESLint flat config: recommended rules, type-checked TypeScript rules, and the import directions of
// DESIGN.md ("Layout and import rules"), each enforced with no-restricted-imports.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const frontEnds = ['homebridge', 'node-red', 'mqtt', 'cli'];
const hostPackages = [
  'homebridge',
  'homebridge/*',
  'hap-nodejs',
  '@homebridge/*',
  'node-red',
  'mqtt',
  'aedes',
];

/** Patterns that forbid importing the given src/ folders from a file under src/<from>/. */
function folders(...names) {
  return names.map((name) => `**/${name}/*`);
}

function restrict(files, patterns, message, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
    },
  };
}

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
  restrict(
    ['src/client/**'],
    [...folders('core', 'emulator', 'config', ...frontEnds, 'runtime'), ...hostPackages],
    'client/ imports nothing of ours but util/ (DESIGN.md).',
  ),
  restrict(
    ['src/emulator/**'],
    [
      ...folders('core', 'config', ...frontEnds, 'runtime'),
      '**/client/!(types|types.js|rules|rules.js)',
      ...hostPackages,
    ],
    'emulator/ imports only the wire contract: client/types and client/rules (DESIGN.md).',
  ),
  restrict(
    ['src/core/**'],
    [...folders('emulator', 'config', ...frontEnds, 'runtime'), ...hostPackages, 'axios'],
    'core/ is pure domain code: no hosts, no front ends (DESIGN.md).',
  ),
  restrict(
    ['src/core/**'],
    ['**/client/*', '**/client/index.js'],
    'Only core/cloud/ talks to client/ (DESIGN.md: one module translates wire -> domain).',
    ['src/core/cloud/**'],
  ),
  restrict(
    ['src/config/**'],
    [...folders('client', 'core', 'emulator', ...frontEnds, 'runtime'), ...hostPackages],
    'config/ imports only util/ and ajv (DESIGN.md).',
  ),
  ...['homebridge', 'node-red', 'mqtt'].map((frontEnd) =>
    restrict(
      [`src/${frontEnd}/**`],
      [
        ...folders('client', 'emulator', ...frontEnds.filter((other) => other !== frontEnd)),
        ...(frontEnd === 'mqtt' ? folders('runtime') : []),
      ],
      'Front ends use core/, config/ and runtime/ only, never client/ or each other (DESIGN.md).',
    ),
  ),
  restrict(
    ['src/runtime/**'],
    [...folders('client', 'emulator', 'homebridge', 'node-red', 'cli')],
    'runtime/ composes core/, config/ and mqtt/ for the hosts (docs/architecture.md).',
  ),
  restrict(
    ['src/cli/**'],
    [...folders('client', 'homebridge', 'node-red', 'mqtt')],
    'The CLI uses core/, config/, runtime/ and emulator/ (DESIGN.md).',
  ),
  {
    // Plain JavaScript (scripts, CI helpers, Node-RED shims): no type information to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-console': 'off' },
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
