/**
 * `tedee-hub apps` and `tedee-hub audit`: the built CLI (dist/cli/main.js, as a user runs it), each command a
 * process of its own on one data folder, checked against the store opened here as a running hub opens it:
 * bootstrap of the first owner key, the key shown once, the hash at rest, the two-key limit, states, expiry,
 * bulk and cascade deletes, bad flags, and the CLI writing while a hub (and another process) write too.
 * Needs `npx tsc -p tsconfig.build.json` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ApplicationsApi } from '../../src/core/apps/api.js';
import { openApplications } from '../../src/core/apps/applications.js';
import { KeyStore } from '../../src/core/keys/store.js';
import { waitFor } from '../helpers/wait.js';

let root: string;
let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-apps-'));
  // A folder that does not exist yet: the first command creates it (0700).
  dataDir = join(root, 'data');
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `node dist/cli/main.js <args> --data <dataDir>`. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...args, '--data', dataDir], {
      env: { PATH: process.env.PATH, HOME: root },
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

/** The store as a running hub holds it, with the applications API on it; closed by the caller. */
function openHubStore(): { store: KeyStore; apps: ApplicationsApi } {
  const store = KeyStore.open({ dataDir });
  return { store, apps: openApplications(store) };
}

function withHubStore<T>(work: (apps: ApplicationsApi) => T): T {
  const { store, apps } = openHubStore();
  try {
    return work(apps);
  } finally {
    store.close();
  }
}

interface CreatedJson {
  id: string;
  name: string;
  prefix: string;
  key: string;
  expiresAt: string | null;
}

async function addKey(app: string, name: string, ...more: string[]): Promise<CreatedJson> {
  const run = await cli('apps', 'keys', 'add', app, '--name', name, '--json', ...more);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as CreatedJson;
}

// Each command is a Node process (about a second on a loaded 2-core machine) and a test runs up to a dozen.
describe('tedee-hub apps: bootstrap and keys', { timeout: 120_000 }, () => {
  it('makes the first owner application and key on the machine; the key is shown once, then its prefix', async () => {
    const added = await cli(
      'apps',
      'add',
      'Admin',
      '--group',
      'owner',
      '--description',
      'the administrators',
    );
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^Application Admin added \(group owner, id [0-9a-f-]{36}\)\.\n$/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'keys.db')).mode & 0o777).toBe(0o600);

    const run = await cli('apps', 'keys', 'add', 'Admin', '--name', 'laptop', '--json');
    expect(run.code).toBe(0);
    expect(run.out.trim().split('\n')).toHaveLength(1);
    const created = JSON.parse(run.out) as CreatedJson;
    expect(Object.keys(created)).toEqual(['id', 'name', 'prefix', 'key', 'expiresAt']);
    expect(created).toMatchObject({ name: 'laptop', expiresAt: null });
    expect(created.key).toMatch(/^tdk_[a-z2-7]{16}_[a-z2-7]{52}$/);
    expect(created.key.slice(4, 12)).toBe(created.prefix);

    // A hub on the same folder accepts the key as an owner's.
    const auth = withHubStore((apps) => apps.authenticate(created.key));
    expect(auth.ok && auth.application).toMatchObject({ name: 'Admin', group: 'owner' });

    // Afterwards: the prefix, never the key or its secret.
    const secret = created.key.slice(21);
    // Readers only: the listings run side by side.
    const listings = [
      ['apps', 'keys', 'list'],
      ['apps', 'keys', 'list', 'Admin', '--json'],
      ['apps', 'list', '--json'],
      ['audit', '--json'],
    ];
    const listed = await Promise.all(listings.map((args) => cli(...args)));
    listings.forEach((args, index) => {
      expect(listed[index]!.code, args.join(' ')).toBe(0);
      expect(listed[index]!.out + listed[index]!.err).not.toContain(secret);
    });
    const table = listed[0]!;
    expect(table.out).toMatch(new RegExp(`Admin\\s+laptop\\s+${created.prefix}\\s+active\\s+never`));
    // The secret is not in any of the store's files: only its hash is.
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(join(dataDir, file)).includes(secret), file).toBe(false);
    }
  });

  it('prints the key once with a warning without --json', async () => {
    await cli('apps', 'add', 'Booking', '--group', 'team', '--locks', '101,102');
    const run = await cli(
      'apps',
      'keys',
      'add',
      'Booking',
      '--name',
      'pms',
      '--expires',
      '2099-01-01T00:00:00+01:00',
    );
    expect(run.code).toBe(0);
    const key = /tdk_[a-z2-7]{16}_[a-z2-7]{52}/.exec(run.out)?.[0];
    expect(key).toBeDefined();
    expect(run.out.split(key!)).toHaveLength(2);
    expect(run.out).toMatch(/expires 2098-12-31T23:00:00.000Z/);
    expect(run.out).toMatch(/it will not be shown again/);
    const apps = await cli('apps', 'list');
    expect(apps.out).toMatch(/Booking\s+team\s+101,102\s+1/);
  });

  it('refuses a third key with ACCESS_KEY_LIMIT, and a name twice with ACCESS_KEY_NAME_TAKEN (exit 1)', async () => {
    await cli('apps', 'add', 'Booking', '--group', 'general-manager');
    await addKey('Booking', 'blue');
    const twice = await cli('apps', 'keys', 'add', 'Booking', '--name', 'Blue');
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/^tedee-hub apps keys add: ACCESS_KEY_NAME_TAKEN: /);
    await addKey('Booking', 'green');
    const third = await cli('apps', 'keys', 'add', 'Booking', '--name', 'red');
    expect(third.code).toBe(1);
    expect(third.out).toBe('');
    expect(third.err).toMatch(/ACCESS_KEY_LIMIT: .*\(blue, green\).*Delete or rotate one/);
    const name = await cli('apps', 'add', 'booking', '--group', 'viewer');
    expect(name.code).toBe(1);
    expect(name.err).toMatch(/APP_NAME_TAKEN/);
  });

  it('deactivates, reactivates, expires and extends a key; a hub on the folder sees each change', async () => {
    await cli('apps', 'add', 'Booking', '--group', 'team');
    const { key } = await addKey('Booking', 'pms');
    const { store, apps } = openHubStore();
    try {
      expect(apps.authenticate(key).ok).toBe(true);
      expect((await cli('apps', 'keys', 'deactivate', 'Booking', 'pms')).out).toMatch(/: inactive,/);
      expect(apps.authenticate(key)).toMatchObject({ ok: false, code: 'AUTH_INACTIVE' });
      expect((await cli('apps', 'keys', 'reactivate', 'Booking', 'pms')).out).toMatch(/: active,/);
      expect(apps.authenticate(key).ok).toBe(true);
      expect((await cli('apps', 'keys', 'expire', 'Booking', 'pms')).out).toMatch(/: expired, expires 20/);
      expect(apps.authenticate(key)).toMatchObject({ ok: false, code: 'AUTH_EXPIRED' });
      const extended = await cli('apps', 'keys', 'expire', 'Booking', 'pms', '--at', '2099-06-01T00:00:00Z');
      expect(extended.out).toMatch(/: active, expires 2099-06-01T00:00:00.000Z/);
      expect(apps.authenticate(key).ok).toBe(true);
      expect((await cli('apps', 'keys', 'expire', 'Booking', 'pms', '--at', 'never')).out).toMatch(
        /expires never/,
      );
      const listed = JSON.parse((await cli('apps', 'keys', 'list', 'Booking', '--json')).out) as {
        lastUsedAt: string;
      }[];
      expect(listed[0]!.lastUsedAt).not.toBeNull();
    } finally {
      store.close();
    }
  });

  it('removes several keys at once (all or none), every key with --all, and an application with its keys', async () => {
    await cli('apps', 'add', 'Booking', '--group', 'team');
    // The two keys of each step are added by two processes at once (the store takes concurrent writers).
    const [a] = await Promise.all([addKey('Booking', 'a'), addKey('Booking', 'b')]);
    const missing = await cli('apps', 'keys', 'remove', 'Booking', 'a', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/ACCESS_KEY_NOT_FOUND: .*"nope"/);
    const both = await cli('apps', 'keys', 'remove', 'Booking', a.id, 'b');
    expect(both.out).toBe('Removed 2 access keys of Booking.\n');
    await Promise.all([addKey('Booking', 'c'), addKey('Booking', 'd')]);
    expect((await cli('apps', 'keys', 'remove', 'Booking', '--all')).out).toBe(
      'Removed 2 access keys of Booking.\n',
    );
    const [e] = await Promise.all([addKey('Booking', 'e'), addKey('Booking', 'f')]);
    const removed = await cli('apps', 'remove', 'Booking');
    expect(removed.out).toBe('Application Booking removed, with its 2 access keys.\n');
    expect((await cli('apps', 'keys', 'list')).out).toBe('No access keys.\n');
    expect(withHubStore((apps) => apps.authenticate(e.key))).toMatchObject({
      ok: false,
      code: 'AUTH_UNKNOWN',
    });
    const audit = await cli('audit', '--json');
    const operations = (JSON.parse(audit.out) as { operation: string }[]).map((entry) => entry.operation);
    expect(operations).toContain('cli apps remove');
  });

  it('refuses bad flags with exit 2, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['apps', 'add', 'X', '--group', 'boss'], /--group \(group\): must be one of owner, general-manager/],
      [['apps', 'add', 'X'], /--group \(group\): is required/],
      [['apps', 'add', 'X', '--group', 'owner', '--locks', '101,,102'], /--locks \(locks\[1\]\)/],
      [['apps', 'add', '-x', '--group', 'owner'], /unknown option -x/],
      [['apps', 'keys', 'add', 'X'], /--name is required/],
      [
        ['apps', 'keys', 'add', 'X', '--name', 'k', '--expires', 'tomorrow'],
        /--expires \(expiresAt\): must be an ISO/,
      ],
      [['apps', 'keys', 'expire', 'X', 'k', '--at', 'soon'], /--at \(expiresAt\)/],
      [['apps', 'keys', 'remove', 'X'], /or pass --all/],
      [['apps', 'keys', 'remove', 'X', 'k', '--all'], /--all removes every key/],
      [['apps', 'keys', 'list', '--colour'], /unknown option --colour/],
      [['audit', '--since', 'yesterday'], /--since \(since\)/],
      [['audit', '--limit', '0'], /--limit must be a whole number from 1 to 10000/],
      [['apps', 'frobnicate'], /unknown subcommand "frobnicate"/],
    ];
    await cli('apps', 'add', 'X', '--group', 'owner').then((run) => expect(run.code).toBe(0));
    // Each refusal is a process of its own that ends before it writes anything: they run side by side.
    const [help, ...runs] = await Promise.all([
      cli('apps', '--help'),
      ...cases.map(([args]) => cli(...args)),
    ]);
    cases.forEach(([args, message], index) => {
      expect(runs[index]!.code, args.join(' ')).toBe(2);
      expect(runs[index]!.err, args.join(' ')).toMatch(message);
    });
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/apps keys add <app> --name N \[--expires ISO\]/);
    expect(help.out).toMatch(/audit \[--since ISO\] \[--app NAME\]/);
  });
});

describe('one data folder, several writers', { timeout: 120_000 }, () => {
  const distCore = pathToFileURL(join(process.cwd(), 'dist/core')).href;

  /** Another process with the store open (a running hub), writing an audit entry every few milliseconds. */
  function startHubWriter(): { child: ChildProcess; lines: string[] } {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        import { KeyStore } from '${distCore}/keys/store.js';
        import { openApplications } from '${distCore}/apps/applications.js';
        const store = KeyStore.open({ dataDir: ${JSON.stringify(dataDir)} });
        const apps = openApplications(store);
        let written = 0, stop = false;
        process.stdin.on('end', () => (stop = true));
        process.stdin.resume();
        console.log('ready');
        while (!stop) {
          apps.audit.write({ application: 'hub', operation: 'locks.read', outcome: 'ok' });
          written += 1;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        store.close();
        console.log('written ' + written);
        `,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    children.push(child);
    const lines: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    return { child, lines };
  }

  it('CLI commands, a hub process and a store open here all write at once; nothing is lost or locked out', async () => {
    expect((await cli('apps', 'add', 'Shared', '--group', 'team')).code).toBe(0);
    const writer = startHubWriter();
    await waitFor(() => writer.lines.includes('ready'), 10_000, 'the hub process to open the store');
    const { store, apps } = openHubStore();
    try {
      // Four processes race for the two key slots of one application, four others add applications.
      const racing = Array.from({ length: 4 }, (_, i) =>
        cli('apps', 'keys', 'add', 'Shared', '--name', `k${i}`, '--json'),
      );
      const adding = Array.from({ length: 4 }, (_, i) => cli('apps', 'add', `App${i}`, '--group', 'viewer'));
      let mine = 0;
      const done = Promise.all([...racing, ...adding]);
      let finished = false;
      void done.finally(() => (finished = true));
      while (!finished) {
        apps.audit.write({ application: 'test', operation: 'keys.read', outcome: 'ok' });
        mine += 1;
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const runs = await done;
      const keyRuns = runs.slice(0, 4);
      for (const run of runs) expect(run.err).not.toMatch(/STORE_LOCKED/);
      expect(keyRuns.filter((run) => run.code === 0)).toHaveLength(2);
      const refused = keyRuns.filter((run) => run.code === 1);
      expect(refused).toHaveLength(2);
      for (const run of refused) expect(run.err).toMatch(/ACCESS_KEY_LIMIT/);
      for (const run of runs.slice(4)) expect(run.code).toBe(0);

      const exited = new Promise((resolve) => writer.child.once('exit', resolve));
      writer.child.stdin!.end();
      await exited;
      const written = Number(writer.lines.find((line) => line.startsWith('written '))?.split(' ')[1]);
      expect(written).toBeGreaterThan(0);
      expect(apps.listAccessKeys('Shared')).toHaveLength(2);
      expect(apps.listApplications()).toHaveLength(5);
      const entries = apps.audit.list({ limit: 10_000 });
      expect(entries.filter((entry) => entry.application === 'hub')).toHaveLength(written);
      expect(entries.filter((entry) => entry.application === 'test')).toHaveLength(mine);
      expect(store.verify()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
