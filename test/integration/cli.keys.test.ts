/**
 * `tedee-hub keys` and `tedee-hub profiles`: the built CLI (dist/cli/main.js, as a user runs it) against the
 * emulator, each command a process of its own on one key store (--data). The emulator's PINs prove what
 * reached the doors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3 });
let dataDir: string;

beforeEach(async () => {
  await env.control.reset();
  // Doorcodes need a keypad on every door they go to.
  await env.control.patchLock(101, { keypad: true });
  await env.control.patchLock(102, { keypad: true });
  dataDir = mkdtempSync(join(tmpdir(), 'cli-keys-'));
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `node dist/cli/main.js <args> --data <dataDir>` with the emulator's URL and key in the environment. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...args, '--data', dataDir], {
      env: { PATH: process.env.PATH, HOME: dataDir, TEDEE_API_URL: env.url, TEDEE_PAK: env.key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

interface KeyJson {
  id: string;
  status: string;
  warnings: unknown[];
  persons: { name: string; email?: string; phone?: string; doorcode?: string }[];
  doors: { lockId: number; name: string; status: string }[];
}

const pinCodes = async (lockId: number) => (await env.control.pins(lockId)).map((pin) => String(pin.pin));

/** The PAK's secret part (after the prefix): never in any output. */
const secretOfKey = () => env.key.split('.').slice(1).join('.');

function expectNoSecrets(run: Run, codes: string[] = []) {
  const text = run.out + run.err;
  expect(text).not.toContain(secretOfKey());
  for (const code of codes) expect(text).not.toContain(code);
}

describe('tedee-hub keys', () => {
  it('issues a doorcode key to two doors (--json), lists, shows with --reveal, revokes', async () => {
    const issued = await cli(
      'keys',
      'issue',
      '--name',
      'Stay 4411',
      '--person',
      'Ann Smith <ann@example.com> +48600100200',
      '--doors',
      'Front Door,102',
      '--doorcode',
      '--json',
    );
    expect(issued.err).toContain('working on 2 doors');
    expect(issued.code).toBe(0);
    const key = JSON.parse(issued.out) as KeyJson;
    expect(key).toMatchObject({ status: 'active', warnings: [] });
    // Progress on stderr, one line per change with each door's status; stdout is only the JSON.
    expect(issued.err).toMatch(new RegExp(`^${key.id} \\w+: Front Door set, Back Door set$`, 'm'));
    expect(key.persons).toEqual([
      expect.objectContaining({ name: 'Ann Smith', email: 'ann@example.com', phone: '+48600100200' }),
    ]);
    expect(key.persons[0]!.doorcode).toMatch(/^••••\d\d$/);
    expect(key.doors.map((door) => [door.lockId, door.name, door.status])).toEqual([
      [101, 'Front Door', 'set'],
      [102, 'Back Door', 'set'],
    ]);
    // The same code on both doors, and the keypad opens with it; no output showed it.
    const [code] = await pinCodes(101);
    expect(await pinCodes(102)).toEqual([code]);
    expect(code!.slice(-2)).toBe(key.persons[0]!.doorcode!.slice(-2));
    expect((await env.control.keypad(102, code!)).opened).toBe(true);
    expectNoSecrets(issued, [code!]);

    const listed = await cli('keys', 'list');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ID\s+NAME\s+STATUS/);
    expect(listed.out).toContain(key.id);
    expect(listed.out).toContain('Front Door, Back Door');
    expectNoSecrets(listed, [code!]);

    const masked = await cli('keys', 'show', key.id);
    expect(masked.out).toContain(`doorcode ••••${code!.slice(-2)}`);
    expectNoSecrets(masked, [code!]);
    const revealed = await cli('keys', 'show', key.id, '--reveal', '--json');
    expect((JSON.parse(revealed.out) as KeyJson).persons[0]!.doorcode).toBe(code);

    const revoked = await cli('keys', 'revoke', key.id, '--json');
    expect(revoked.code).toBe(0);
    const after = JSON.parse(revoked.out) as KeyJson;
    expect(after.status).toBe('revoked');
    expect(after.doors.map((door) => door.status)).toEqual(['removed', 'removed']);
    expect(await pinCodes(101)).toEqual([]);
    expect(await pinCodes(102)).toEqual([]);
    expect((await env.control.keypad(101, code!)).opened).toBe(false);
  });

  it('exits 2 naming a bad flag, with the usage line and the pointer to --help', async () => {
    const run = await cli(
      'keys',
      'issue',
      '--name',
      'K',
      '--person',
      'Ann',
      '--doors',
      '101',
      '--days',
      'mon-funday',
    );
    expect(run.code).toBe(2);
    expect(run.err.split('\n')).toEqual([
      'tedee-hub keys issue: --days takes days mon..sun as a range (mon-fri) or a list (mon,wed,fri), got "mon-funday"',
      expect.stringMatching(/^Usage: tedee-hub keys issue /),
      'Run "tedee-hub --help" for every command and option.',
      '',
    ]);
    const email = await cli(
      'keys',
      'issue',
      '--name',
      'K',
      '--person',
      'Ann <not-an-email>',
      '--doors',
      '101',
    );
    expect(email.code).toBe(2);
    expect(email.err).toContain('--person (persons[0].email)');
    const reveal = await cli('keys', 'list', '--reveal');
    expect(reveal.code).toBe(2);
    expect(reveal.err).toMatch(/^tedee-hub keys list: unknown option --reveal/);
  });

  it('refuses --keycard (UNSUPPORTED_CREDENTIAL) and --role housekeeping (ROLE_FORBIDDEN) with exit 1, writing nothing', async () => {
    const keycard = await cli(
      'keys',
      'issue',
      '--name',
      'K',
      '--person',
      'Ann',
      '--doors',
      '101',
      '--keycard',
    );
    expect(keycard.code).toBe(1);
    expect(keycard.err).toMatch(/^tedee-hub keys issue: UNSUPPORTED_CREDENTIAL: .*no API for keycards/);
    const role = await cli(
      'keys',
      'issue',
      '--name',
      'K',
      '--person',
      'Ann',
      '--doors',
      '101',
      '--doorcode',
      '--role',
      'housekeeping',
    );
    expect(role.code).toBe(1);
    expect(role.err).toMatch(
      /^tedee-hub keys issue: ROLE_FORBIDDEN: The role housekeeping may not create keys/,
    );
    expect(role.err.trim().split('\n')).toHaveLength(1);
    expect(await pinCodes(101)).toEqual([]);
  });

  it('a dry run shows what it would write and writes nothing', async () => {
    const run = await cli(
      'keys',
      'issue',
      '--name',
      'Preview',
      '--person',
      'Ann',
      '--doors',
      '101,102',
      '--doorcode',
      '--code',
      '482913',
      '--policy',
      'strict',
      '--days',
      'mon-fri',
      '--hours',
      '09:00-17:00',
      '--dry-run',
    );
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^dry run: nothing was written/);
    expect(run.out).toContain('Front Door [101]: would write');
    expect(run.out).toContain('Back Door [102]: would write');
    expectNoSecrets(run, ['482913']);
    expect(await pinCodes(101)).toEqual([]);
    expect(await pinCodes(102)).toEqual([]);
    expect((await cli('keys', 'list')).out.trim()).toBe('No keys.');
  });

  it('a second key with the same strict code fails with PIN_DUPLICATE, naming the door, and leaves nothing behind', async () => {
    const first = await cli(
      'keys',
      'issue',
      '--name',
      'A',
      '--person',
      'Ann',
      '--doors',
      '102',
      '--doorcode',
      '--code',
      '482913',
      '--policy',
      'strict',
    );
    expect(first.code).toBe(0);
    const second = await cli(
      'keys',
      'issue',
      '--name',
      'B',
      '--person',
      'Bob',
      '--doors',
      '101,102',
      '--doorcode',
      '--code',
      '482913',
      '--policy',
      'strict',
    );
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/^tedee-hub keys issue: PIN_DUPLICATE: .*Back Door \(102\)/m);
    expectNoSecrets(second, ['482913']);
    expect(await pinCodes(101)).toEqual([]);
    expect(await pinCodes(102)).toEqual(['482913']);
  });
});

describe('keys update, replace-code and reconcile', () => {
  it('adds a door (written there), replaces the code on every door, and repairs a PIN deleted behind its back', async () => {
    const issued = await cli(
      'keys',
      'issue',
      '--name',
      'Staff',
      '--person',
      'Ann',
      '--doors',
      '101',
      '--doorcode',
      '--json',
    );
    const key = JSON.parse(issued.out) as KeyJson;
    const [first] = await pinCodes(101);

    const updated = await cli('keys', 'update', key.id, '--doors', '101,102', '--json');
    expect(updated.code).toBe(0);
    expect((JSON.parse(updated.out) as KeyJson).doors.map((door) => [door.lockId, door.status])).toEqual([
      [101, 'set'],
      [102, 'set'],
    ]);
    expect(await pinCodes(102)).toEqual([first]);

    const replaced = await cli(
      'keys',
      'replace-code',
      key.id,
      '--code',
      '735190',
      '--policy',
      'strict',
      '--json',
    );
    expect(replaced.code).toBe(0);
    expectNoSecrets(replaced, ['735190']);
    expect(await pinCodes(101)).toEqual(['735190']);
    expect(await pinCodes(102)).toEqual(['735190']);

    // Someone deletes the PIN in the Tedee app.
    const [pin] = await env.control.pins(102);
    const deleted = await fetch(`${env.url}/api/v37/my/lock/102/pin/${pin!.id}`, {
      method: 'DELETE',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    expect(deleted.status).toBe(204);
    await waitFor(async () => (await pinCodes(102)).length === 0);
    const report = await cli('keys', 'reconcile', '--json');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.out)).toEqual([
      expect.objectContaining({
        keyId: key.id,
        lockId: 102,
        kind: 'doorcode',
        drift: 'missing',
        repaired: false,
      }),
    ]);
    const repaired = await cli('keys', 'reconcile', key.id, '--repair');
    expect(repaired.code).toBe(0);
    expect(repaired.out).toMatch(
      new RegExp(`^${key.id} Back Door \\[102\\] doorcode Ann: missing \\(repaired\\)`),
    );
    expect(await pinCodes(102)).toEqual(['735190']);
    expectNoSecrets(repaired, ['735190']);
  });
});

describe('no credential named', () => {
  it('gives a smart key, as the Portal: a magic link that opens the door', async () => {
    const run = await cli(
      'keys',
      'issue',
      '--name',
      'Link',
      '--person',
      'Ann <ann@example.com>',
      '--doors',
      '101',
      '--json',
    );
    expect(run.code).toBe(0);
    const key = JSON.parse(run.out) as KeyJson & { persons: { link?: string; credentials: object }[] };
    expect(key.status).toBe('active');
    expect(key.persons[0]!.credentials).toEqual({ smartkey: true });
    expect(await pinCodes(101)).toEqual([]);
    const opened = (await (await fetch(`${key.persons[0]!.link}/open`, { method: 'POST' })).json()) as {
      opened: boolean;
    };
    expect(opened.opened).toBe(true);
  });
});

describe('a door offline', () => {
  it('leaves the key pending with the door waiting and its reason, exit 0 and a note on stderr', async () => {
    await env.control.patchLock(102, { connected: false });
    const run = await cli(
      'keys',
      'issue',
      '--name',
      'Late',
      '--person',
      'Ann',
      '--doors',
      '101,102',
      '--doorcode',
      '--json',
    );
    expect(run.code).toBe(0);
    const key = JSON.parse(run.out) as KeyJson & { doors: { code?: string; reason?: string }[] };
    expect(key.status).toBe('pending');
    expect(key.doors[1]).toMatchObject({ lockId: 102, status: 'waiting', code: 'LOCK_OFFLINE' });
    expect(key.doors[1]!.reason).toBeTruthy();
    expect(run.err).toContain(`${key.id} is pending: a door is waiting`);
  });
});

describe('the daemon runs the key service', () => {
  it('tedee-hub run finishes a key the CLI left pending once its door is back', async () => {
    await env.control.patchLock(102, { connected: false });
    const issued = await cli(
      'keys',
      'issue',
      '--name',
      'Late',
      '--person',
      'Ann',
      '--doors',
      '101,102',
      '--doorcode',
      '--json',
    );
    const key = JSON.parse(issued.out) as KeyJson;
    expect(key.status).toBe('pending');
    await env.control.patchLock(102, { connected: true });
    const config = join(dataDir, 'hub.json');
    writeFileSync(config, JSON.stringify({ personalAccessKey: env.key, apiUrl: env.url, dataDir }));
    const daemon = spawn(process.execPath, ['dist/cli/main.js', 'run', '--config', config], {
      env: { PATH: process.env.PATH, HOME: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    daemon.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    daemon.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise((resolve) => daemon.once('exit', resolve));
    try {
      await waitFor(() => log.includes('Keys: 1 in'), 20_000, 'the key service started');
      // The retry of the waiting door writes the same code there; the daemon's log never shows it.
      await waitFor(
        async () => (await pinCodes(102)).length === 1,
        30_000,
        'the PIN on the door that was offline',
      );
      expect(await pinCodes(102)).toEqual(await pinCodes(101));
      expect(log).not.toContain((await pinCodes(101))[0]);
    } finally {
      daemon.kill('SIGTERM');
      await exited;
    }
    const shown = JSON.parse((await cli('keys', 'show', key.id, '--json')).out) as KeyJson;
    expect(shown.status).toBe('active');
    expect(shown.doors.map((door) => door.status)).toEqual(['set', 'set']);
  });
});

describe('keys issue --request FILE', () => {
  it('issues the JSON request of a file, and refuses request flags mixed with it', async () => {
    const file = join(dataDir, 'stay.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'From a file',
        persons: [{ name: 'Ann Smith', email: 'ann@example.com' }],
        doors: ['Front Door'],
        credentials: { doorcode: { policy: 'strict', code: '482913' } },
        requestId: 'booking-1',
      }),
    );
    const mixed = await cli('keys', 'issue', '--request', file, '--name', 'Other', '--doorcode');
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain(
      '--request FILE holds the whole request; put --name, --doorcode in the file instead',
    );
    const run = await cli('keys', 'issue', '--request', file, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({
      name: 'From a file',
      status: 'active',
      requestId: 'booking-1',
    });
    expect(await pinCodes(101)).toEqual(['482913']);
    expectNoSecrets(run, ['482913']);
    // The same request id again makes no second key.
    expect((await cli('keys', 'issue', '--request', file)).code).toBe(0);
    expect(await pinCodes(101)).toEqual(['482913']);
    expect(JSON.parse((await cli('keys', 'list', '--json')).out)).toHaveLength(1);
  });

  it('a file that is not a valid request exits 1 with KEY_REQUEST_INVALID and the field path', async () => {
    const file = join(dataDir, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'K', persons: [{ name: 'A', email: 'nope' }], doors: [101] }));
    const run = await cli('keys', 'issue', '--request', file);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^tedee-hub keys issue: KEY_REQUEST_INVALID: .*persons\[0\]\.email/);
  });
});

describe('tedee-hub keys and profiles without a subcommand', () => {
  it('names the subcommands, exit 2, without opening a store or a hub', async () => {
    const run = await cli('keys', 'frobnicate');
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe(
      'tedee-hub keys: unknown subcommand "frobnicate"; the subcommands are issue, list, show, update, replace-code, resend, revoke, reconcile.',
    );
    const profiles = await cli('profiles');
    expect(profiles.code).toBe(2);
    expect(profiles.err.split('\n')[0]).toBe(
      'tedee-hub profiles: a subcommand is needed before the options (tedee-hub profiles <subcommand> [options]); the subcommands are add, list, show, apply, remove.',
    );
  });
});

describe('tedee-hub profiles', () => {
  it('adds, lists and shows a profile, and applies it to the keys that use it', async () => {
    const added = await cli(
      'profiles',
      'add',
      'Cleaning',
      '--days',
      'mon-fri',
      '--hours',
      '09:00-12:00',
      '--tz',
      'Europe/Warsaw',
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain('Cleaning');
    const listed = await cli('profiles', 'list', '--json');
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({
        name: 'Cleaning',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        hours: { from: '09:00', to: '12:00' },
      }),
    ]);
    const issued = await cli(
      'keys',
      'issue',
      '--name',
      'Cleaner',
      '--person',
      'Eve',
      '--doors',
      '101',
      '--doorcode',
      '--profile',
      'Cleaning',
      '--json',
    );
    expect(issued.code).toBe(0);
    const key = JSON.parse(issued.out) as KeyJson;
    const [pin] = await env.control.pins(101);
    expect(pin).toBeDefined();

    const applied = await cli('profiles', 'apply', 'Cleaning');
    expect(applied.code).toBe(0);
    expect(applied.out.trim()).toBe(`${key.id}: rewritten`);
    const removed = await cli('profiles', 'remove', 'Cleaning', '--role', 'installer');
    expect(removed.code).toBe(1);
    expect(removed.err).toContain('ROLE_FORBIDDEN');
  });
});
