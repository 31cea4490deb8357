/** What a user sees of the command itself: --version, --help, argument errors, names with control characters. */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { fakeIo } from '../helpers/cliIo.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 2, speed: 10 });
const cloudEnv = () => ({ TEDEE_API_URL: env.url, TEDEE_PAK: env.key });
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('--version and --help', () => {
  it.each([['--version'], ['-v']])('%s prints the version and exits 0', async (flag) => {
    const { io, out, err } = fakeIo();
    expect(await runCli([flag], io)).toBe(0);
    expect(out).toEqual([`tedee-hub ${version}`]);
    expect(err).toEqual([]);
  });

  it.each([['--help'], ['-h'], ['help'], ['locks', '--help'], ['unlock', 'x', '-h']])(
    '%s prints every command, the cloud options and the exit statuses on stdout, exit 0',
    async (...argv) => {
      const { io, out, err } = fakeIo();
      expect(await runCli(argv, io)).toBe(0);
      expect(err).toEqual([]);
      const help = out.join('\n');
      expect(help).toMatch(/^Usage: tedee-hub <command>/);
      for (const text of [
        '--timeout S',
        '--version',
        'Exit status:',
        '6  unknown',
        'TEDEE_PAK',
        'TEDEE_API_URL',
        'keys issue',
        'profiles add',
        '--reveal',
        'UNSUPPORTED_CREDENTIAL',
        'apps keys add <app> --name N',
        'audit [--since ISO]',
        'ACCESS_KEY_LIMIT',
      ])
        expect(help).toContain(text);
    },
  );
});

describe("an argument error prints the command's usage line and a pointer to --help, exit 2", () => {
  it.each([
    [['lock'], 'expected one lock (id, serial number or name)', 'tedee-hub lock <lock>'],
    [['lock', 'a', 'b'], 'expected one lock (id, serial number or name)', 'tedee-hub lock <lock>'],
    [['open', 'a', '--bogus'], 'unknown option --bogus', 'tedee-hub open <lock>'],
    [['locks', '--key'], '--key needs a value', 'tedee-hub locks'],
    [['locks', '--json=yes'], '--json takes no value', 'tedee-hub locks'],
    [
      ['emulator', '--port', '70000'],
      '--port must be a whole number from 0 to 65535, got "70000"',
      'tedee-hub emulator',
    ],
    [['emulator', '--speed', 'fast'], '--speed must be a number', 'tedee-hub emulator'],
    // A negative number is a value, not an option: the message says what is allowed, not "needs a value".
    [
      ['emulator', '--locks', '-1'],
      '--locks must be a whole number from 0 to 5000, got "-1"',
      'tedee-hub emulator',
    ],
    [['emulator', '--speed', '-.5'], '--speed must be a number from 0.001 to 1000000', 'tedee-hub emulator'],
    [
      ['watch', '--timeout', '-5'],
      '--timeout must be a whole number from 1 to 3600, got "-5"',
      'tedee-hub watch',
    ],
    [['watch', '--timeout', '--json'], '--timeout needs a value', 'tedee-hub watch'],
    [
      ['watch', '--interval', '5'],
      '--interval must be a whole number from 10 to 3600, got "5"',
      'tedee-hub watch',
    ],
    [
      ['watch', '--timeout', ''],
      '--timeout must be a whole number from 1 to 3600, got ""',
      'tedee-hub watch',
    ],
    [['check-config'], 'expected one configuration file', 'tedee-hub check-config <file>'],
    [['run'], '--config <file> is required', 'tedee-hub run --config <file>'],
  ])('%j', async (argv, message, usage) => {
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(argv, io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(3);
    expect(err[0]).toContain(`tedee-hub ${argv[0]}: ${message}`);
    expect(err[1]).toMatch(new RegExp(`^Usage: ${usage.replace(/[[\]|]/g, '\\$&')}`));
    expect(err[2]).toBe('Run "tedee-hub --help" for every command and option.');
  });

  it('an unknown command names the commands in one line', async () => {
    const { io, err } = fakeIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(err).toEqual([
      'tedee-hub: unknown command "frobnicate"; the commands are emulator, locks, lock, unlock, open, watch, check-config, run, demo, keys, profiles, apps, audit.',
      'Run "tedee-hub --help" for every command and option.',
    ]);
  });

  it('without a key', async () => {
    const { io, err } = fakeIo({});
    expect(await runCli(['locks'], io)).toBe(2);
    expect(err[0]).toBe(
      'tedee-hub locks: a Personal Access Key is needed: set TEDEE_PAK (or pass --key or --config)',
    );
  });
});

describe('control characters in names are escaped in output', () => {
  const hostile = 'Front\u001b]0;pwned\u0007 Door\n2026-01-01 ready: 0 locks\u202e';
  const shown = 'Front\\u001b]0;pwned\\u0007 Door\\u000a2026-01-01 ready: 0 locks\\u202e';

  beforeEach(async () => {
    await env.control.reset();
    await env.control.patchLock(101, { name: hostile });
  });

  /** No raw control character (a line break would be a second entry) reaches the terminal. */
  function expectClean(lines: string[]): void {
    // eslint-disable-next-line no-control-regex
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  }

  it('in the locks table, with the columns still aligned', async () => {
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(['locks'], io)).toBe(0);
    expectClean([...out, ...err]);
    expect(out).toHaveLength(3);
    expect(out[1]).toContain(shown);
    expect(out[1]!.indexOf('Lock PRO')).toBe(out[2]!.indexOf('Lock PRO'));
  });

  it('in --json, which stays JSON with the name intact', async () => {
    const { io, out } = fakeIo(cloudEnv());
    expect(await runCli(['locks', '--json'], io)).toBe(0);
    expectClean(out);
    expect((JSON.parse(out.join('\n')) as { name: string }[])[0]!.name).toBe(hostile);
  });

  it('in command results and refusals', async () => {
    const done = fakeIo(cloudEnv());
    expect(await runCli(['unlock', '101', '--wait'], done.io)).toBe(0);
    expect(done.out).toEqual([`unlock: ${shown} confirmed, now unlocked`]);
    const refused = fakeIo(cloudEnv());
    expect(await runCli(['lock', 'Attic\u001b[2J'], refused.io)).toBe(3);
    expectClean(refused.err);
    expect(refused.err[0]).toContain(`No lock "Attic\\u001b[2J"`);
    expect(refused.err[0]).toContain(`Known locks: ${shown}, Back Door`);
  });
});
