/**
 * The command line for any arguments: an exit status of 0, 1 or 2 with a line that says what is wrong, never a
 * throw. Run in-process with no key (so no command reaches a cloud) and HOME in a temporary folder (so the
 * store the apps and keys commands open is a throwaway one). The flags' parsing itself (args.ts) is checked
 * for any option set and any argv.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { numericOption, parse, UsageError } from '../../../src/cli/args.js';
import { runCli } from '../../../src/cli/index.js';
import { fakeIo } from '../../helpers/cliIo.js';

const home = mkdtempSync(join(tmpdir(), 'tedee-cli-property-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Commands that return at once without a key; emulator, run, demo and watch start servers or wait. */
const COMMAND = fc.constantFrom(
  'locks',
  'lock',
  'unlock',
  'open',
  'check-config',
  'keys',
  'profiles',
  'apps',
  'audit',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'LOCKS',
  '',
);
const SUB = fc.constantFrom(
  'list',
  'show',
  'issue',
  'add',
  'keys',
  'constructor',
  '__proto__',
  'toString',
  'x',
);
const TOKEN = fc.oneof(
  fc.constantFrom(
    '--json',
    '--timeout',
    '--timeout=0',
    '--timeout=-1',
    '--timeout=1e9',
    '--locks',
    '-1',
    '--',
    '-',
    '--=',
    '--constructor',
    '--__proto__',
    '--name',
    '--doors',
    '--days',
    '--hours',
    '--tz',
    '--status',
    '--group',
    '--verbose=yes',
    '-x',
    '-vh',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('the tedee-hub command line for any arguments (property)', () => {
  it('exits 0, 1 or 2 with a line saying why, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        COMMAND,
        fc.option(SUB, { nil: undefined }),
        fc.array(TOKEN, { maxLength: 6 }),
        async (command, sub, tokens) => {
          const argv = [command, ...(sub === undefined ? [] : [sub]), ...tokens];
          const { io, out, err } = fakeIo({ HOME: home });
          const status = await runCli(argv, io);
          expect([0, 1, 2]).toContain(status);
          // check-config prints its findings on stdout; every other failure goes to stderr.
          if (status !== 0) expect([...err, ...out].join('\n')).toMatch(/\S/);
          if (status !== 0 && command !== 'check-config') expect(err[0]).toMatch(/^tedee-hub( \S+)*: \S/);
          for (const line of [...out, ...err])
            expect(line).not.toMatch(/TypeError|is not a function|undefined|\[object /);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('names of Object.prototype are unknown commands and subcommands', async () => {
    for (const argv of [
      ['constructor'],
      ['__proto__'],
      ['toString'],
      ['keys', 'constructor'],
      ['apps', '__proto__'],
    ]) {
      const { io, err } = fakeIo({ HOME: home });
      expect(await runCli(argv, io)).toBe(2);
      expect(err[0]).toMatch(/unknown (sub)?command/);
    }
  });
});

describe('parse and numericOption (property)', () => {
  const options = {
    name: { type: 'string' },
    locks: { type: 'string' },
    json: { type: 'boolean' },
    person: { type: 'string', multiple: true },
  } as const;

  it('any argv: the values of the declared options, or a UsageError naming the option', () => {
    fc.assert(
      fc.property(fc.array(TOKEN, { maxLength: 8 }), (argv) => {
        try {
          const { values } = parse(argv, options, { min: 0, max: 3, names: 'up to three names' });
          for (const name of Object.keys(values)) expect(Object.hasOwn(options, name)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).toMatch(
            /^(unknown option \S|-\S* (needs a value|takes no value)|unexpected argument|expected up to three names|.*option)/,
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('any text: a number within the range, or a UsageError naming the flag and the range', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 10 }), fc.double().map(String), fc.integer().map(String)),
        (raw) => {
          try {
            const value = numericOption(raw, 'locks', { min: 1, max: 200, fallback: 2 });
            expect(Number.isInteger(value) && value >= 1 && value <= 200).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
            expect((error as Error).message).toMatch(/^--locks must be a whole number from 1 to 200, got "/);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
