/**
 * The Keys page in a real browser: Debian's Chromium driven by playwright-core (no browser download), against the
 * emulator, a hub, the key service and the API server in this process, the page served by the server from
 * src/api/page. Each screen is saved to reports/screenshots/ for review. Skipped, saying why, without Chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYS_PAGE_ROOT } from '../../src/api/pageRoot.js';
import { startApi } from '../helpers/apiServer.js';
import { useEmulator } from '../helpers/emulator.js';
import { pinsOn } from '../helpers/keyService.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SHOTS = join('reports', 'screenshots');
const SESSION_KEY = 'tedee-hub.accessKey';
/** A phone: the page must work at this width (one column, finger-sized controls). */
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1200, height: 900 } };

const env = useEmulator({ locks: 2 });
let browser: Browser | undefined;
let doors: { id: number; name: string }[];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Chromium's sandbox refuses to run as root (CI containers); the page under test is our own.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => ({ id: lock.id, name: lock.name }));
  for (const door of doors) await env.control.patchLock(door.id, { keypad: true });
  pageErrors.length = 0;
});

const proxies: Server[] = [];
afterEach(() => {
  for (const proxy of proxies.splice(0)) {
    proxy.closeAllConnections();
    proxy.close();
  }
});

/** Each test's browser contexts, closed after it: a page left open would keep following a server that is gone. */
const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function open(options: BrowserContextOptions, url: string): Promise<Page> {
  const context = await browser!.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The browser logs each HTTP error answer as a console error; the page handles those (the tests check how).
  page.on('console', (message) => {
    if (
      message.type() === 'error' &&
      !message.text().startsWith('Failed to load resource: the server responded')
    )
      pageErrors.push(message.text());
  });
  await page.goto(url);
  return page;
}

/** A reverse proxy serving `target` under `prefix` (the prefix removed on the way in; streams pass through). */
async function pathProxy(prefix: string, target: string): Promise<string> {
  const server = createServer((request, response) => {
    if (!request.url!.startsWith(`${prefix}/`)) return void response.writeHead(404).end();
    const upstream = httpRequest(
      `${target}${request.url!.slice(prefix.length)}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxies.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function shot(page: Page, name: string) {
  return page.screenshot({ path: join(SHOTS, `keys-page-${name}.png`), fullPage: true });
}

async function signIn(page: Page, accessKey: string) {
  await page.getByLabel('Access key').fill(accessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Where the page keeps things: the key in sessionStorage, nothing in localStorage or cookies. */
async function storage(page: Page) {
  // Evaluated as text: the tests' TypeScript has no DOM types.
  const found = await page.evaluate<string>(
    `JSON.stringify({ session: sessionStorage.getItem(${JSON.stringify(SESSION_KEY)}), local: Object.keys(localStorage), cookie: document.cookie })`,
  );
  return JSON.parse(found) as { session: string | null; local: string[]; cookie: string };
}

async function waitSignedIn(page: Page) {
  await page
    .locator('#door-list li.door')
    .nth(doors.length - 1)
    .waitFor();
  await page.locator('#live[data-state="live"]').waitFor();
}

describe.skipIf(!hasChromium)(
  `the Keys page in Chromium${hasChromium ? '' : ` (skipped: no Chromium at ${CHROMIUM}; set CHROMIUM_PATH)`}`,
  () => {
    it('signs in, keeps the key for the tab only, issues a doorcode on two doors, shows it active, revokes it', async () => {
      const fx = await startApi(env, { server: { page: { root: KEYS_PAGE_ROOT } } });
      const owner = fx.keyFor('owner');
      const page = await open(PHONE, fx.url);
      await page.getByLabel('Access key').waitFor();
      await shot(page, '01-sign-in');

      await signIn(page, owner);
      await waitSignedIn(page);
      expect(await page.locator('#door-list li.door h3').allTextContents()).toEqual(doors.map((d) => d.name));
      await expect
        .poll(() => page.locator('#door-list [data-field="battery"]').first().textContent())
        .toMatch(/^Battery (\d+ %|unknown)/);
      expect(await storage(page)).toEqual({ session: owner, local: [], cookie: '' });
      expect(await page.context().cookies()).toEqual([]);
      expect(page.url()).not.toContain(owner);

      // A reload keeps the session (sessionStorage), without asking for the key again.
      await page.reload();
      await waitSignedIn(page);
      expect(await page.locator('#sign-in-view').isHidden()).toBe(true);

      // Live: a door unlocked from the page changes state through the event stream.
      const front = page.locator(`#door-list li[data-lock-id="${doors[0]!.id}"]`);
      await front.getByRole('button', { name: `Unlock ${doors[0]!.name}` }).click();
      await expect
        .poll(() => front.locator('[data-field="state"]').textContent(), { timeout: 20_000 })
        .toBe('Unlocked');
      await shot(page, '02-doors-and-keys');

      await page.getByRole('link', { name: 'Add key' }).click();
      await page.getByLabel('Key name').fill('Stay 4411');
      await page.getByLabel('Name', { exact: true }).fill('Ann <b>Smith</b>');
      for (const door of doors) await page.getByLabel(door.name, { exact: true }).check();
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      await page
        .locator('.plan li.card')
        .nth(doors.length - 1)
        .waitFor();
      expect(await page.locator('.plan .badge').allTextContents()).toEqual(doors.map(() => 'ready'));
      expect(doors.every((door) => pinsOn(env, door.id).length === 0)).toBe(true);
      await shot(page, '03-add-key-dry-run');

      await page.getByRole('button', { name: 'Issue key' }).click();
      const status = page.locator('#key-view [data-field="status"]');
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('active');
      const doorItems = await page.locator('#key-view .door-statuses li').all();
      expect(await Promise.all(doorItems.map((item) => item.getAttribute('data-status')))).toEqual(
        doors.map(() => 'set'),
      );
      const pins = doors.map((door) => pinsOn(env, door.id));
      expect(pins.map((list) => list.length)).toEqual(doors.map(() => 1));
      const code = pins[0]![0]!.pin;
      // A person's name is text, never markup; the doorcode is masked until revealed.
      expect(await page.locator('#key-view .persons strong').textContent()).toBe('Ann <b>Smith</b>');
      const shown = page.locator('#key-view code.doorcode');
      expect(await shown.textContent()).toMatch(/^•+\d\d$/);
      expect(await page.content()).not.toContain(code);
      await shot(page, '04-key-active');

      await page.getByRole('button', { name: 'Reveal codes' }).click();
      await expect.poll(() => shown.textContent()).toBe(code);
      await page.getByRole('button', { name: 'Hide codes' }).click();
      await expect.poll(() => shown.textContent()).toMatch(/^•+\d\d$/);

      await page.getByRole('button', { name: 'Revoke key…' }).click();
      await shot(page, '05-revoke-confirm');
      await page.getByRole('button', { name: 'Revoke now' }).click();
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('revoked');
      expect(doors.map((door) => pinsOn(env, door.id).length)).toEqual(doors.map(() => 0));
      expect(await page.getByRole('button', { name: 'Revoke key…' }).count()).toBe(0);
      await shot(page, '06-key-revoked');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Access key').waitFor();
      expect(await storage(page)).toEqual({ session: null, local: [], cookie: '' });
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it("shows the API's 401 reason for a wrong key, and signs out when the key is deactivated", async () => {
      const fx = await startApi(env, { server: { page: { root: KEYS_PAGE_ROOT } } });
      const page = await open(DESKTOP, fx.url);
      const wrong = 'tdk_wrong_key';
      const unknown = (await fx.client(wrong)('GET', '/api/v1/me')).body.error!;
      expect(unknown.code).toBe('AUTH_UNKNOWN');
      await signIn(page, wrong);
      const error = page.locator('#sign-in-error');
      await expect.poll(() => error.textContent()).toBe(`AUTH_UNKNOWN: ${unknown.message}`);
      expect((await storage(page)).session).toBeNull();
      await shot(page, '07-sign-in-refused');

      const deactivate = (key: string) => {
        const [info] = fx.apps
          .listAccessKeys()
          .filter((candidate) => key.startsWith(`tdk_${candidate.prefix}`));
        fx.apps.updateAccessKey(info!.applicationId, info!.id, { active: false });
      };
      // Deactivated while the page is open: the next request signs out, with the reason, whatever screen asked.
      const team = fx.keyFor('team');
      await signIn(page, team);
      await waitSignedIn(page);
      deactivate(team);
      const inactive = (await fx.client(team)('GET', '/api/v1/me')).body.error!;
      expect(inactive.code).toBe('AUTH_INACTIVE');
      await page.evaluate("location.hash = '#/keys/none'");
      await expect.poll(() => error.textContent()).toBe(`AUTH_INACTIVE: ${inactive.message}`);
      expect(await page.locator('#overview-view').isHidden()).toBe(true);
      expect((await storage(page)).session).toBeNull();

      // Deactivated between two visits: the reload's sign-in says why.
      const second = fx.keyFor('team');
      await signIn(page, second);
      await waitSignedIn(page);
      deactivate(second);
      const secondInactive = (await fx.client(second)('GET', '/api/v1/me')).body.error!;
      await page.reload();
      await expect.poll(() => error.textContent()).toBe(`AUTH_INACTIVE: ${secondInactive.message}`);
      expect((await storage(page)).session).toBeNull();
      expect(pageErrors).toEqual([]);
    }, 30_000);

    it('edits doors and schedule, replaces a code, resends, points at a refused field, follows a revoke made elsewhere', async () => {
      const fx = await startApi(env, { server: { page: { root: KEYS_PAGE_ROOT } } });
      const owner = fx.keyFor('owner');
      const issued = await fx.client(owner)('POST', '/api/v1/keys', {
        body: {
          name: 'Weekdays',
          persons: [{ name: 'Cy' }],
          doors: [doors[0]!.id],
          credentials: { doorcode: true },
        },
      });
      expect(issued.status, issued.text).toBe(201);
      const keyId = (issued.body as { id: string }).id;
      const page = await open(DESKTOP, fx.url);
      await signIn(page, owner);
      await waitSignedIn(page);

      // A request the API refuses: the message, and the field it names marked.
      await page.getByRole('link', { name: 'Add key' }).click();
      await page.getByLabel('Key name').fill('No doors');
      await page.getByLabel('Name', { exact: true }).fill('Di');
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      const refused = page.locator('#add-view .error');
      await expect.poll(() => refused.textContent()).toMatch(/^KEY_REQUEST_INVALID: .*doors/);
      expect(await page.locator('#add-view fieldset.doors').getAttribute('aria-invalid')).toBe('true');
      await shot(page, '09-add-key-refused');

      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.getByRole('link', { name: 'Weekdays' }).click();
      const status = page.locator('#key-view [data-field="status"]');
      await expect.poll(() => status.textContent()).toBe('active');

      await page.locator('#key-view summary', { hasText: 'Edit doors and schedule' }).click();
      const edit = page.locator('#key-view details', { hasText: 'Edit doors and schedule' });
      await edit.getByLabel(doors[1]!.name, { exact: true }).check();
      for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
        await edit.getByLabel(day).check();
      await edit.getByLabel('Hours from').fill('09:00');
      await edit.getByLabel('Hours to').fill('17:00');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await expect
        .poll(() => page.locator('#key-view .door-statuses li').count(), { timeout: 20_000 })
        .toBe(2);
      await expect
        .poll(() => page.locator('#key-view .summary').textContent())
        .toContain('Mon Tue Wed Thu Fri 09:00–17:00');
      const before = doors.map((door) => pinsOn(env, door.id));
      expect(before.map((list) => list.length)).toEqual([1, 1]);
      expect(before[1]![0]!.pin).toBe(before[0]![0]!.pin);
      expect(before[1]![0]!.weekDays).not.toBeNull();
      await shot(page, '10-key-edited');

      await page.locator('#key-view summary', { hasText: 'Replace a code' }).click();
      const replace = page.locator('#key-view details', { hasText: 'Replace a code' });
      await replace.getByLabel('Policy').selectOption('strict');
      await replace.getByLabel('New code (for preferred and strict)').fill('58203');
      await replace.getByRole('button', { name: 'Replace code' }).click();
      await expect
        .poll(() => doors.map((door) => pinsOn(env, door.id)[0]?.pin), { timeout: 20_000 })
        .toEqual(['58203', '58203']);

      const delivered = fx.deliveries.length;
      await page.locator('#key-view summary', { hasText: 'Resend' }).click();
      await page.getByRole('button', { name: 'Resend' }).click();
      await expect.poll(() => fx.deliveries.length, { timeout: 20_000 }).toBeGreaterThan(delivered);

      // Revoked by another client: the page follows through the event stream.
      const revoked = await fx.client(owner)('POST', `/api/v1/keys/${keyId}/revoke`);
      expect(revoked.status, revoked.text).toBe(200);
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('revoked');
      expect(await page.getByRole('button', { name: 'Revoke key…' }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    }, 60_000);

    it('issues a smart key to two persons with a profile, and a removed person takes nobody else along', async () => {
      const fx = await startApi(env, { server: { page: { root: KEYS_PAGE_ROOT } } });
      const owner = fx.keyFor('owner');
      const profile = await fx.client(owner)('POST', '/api/v1/profiles', {
        body: {
          name: 'Mornings',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          hours: { from: '08:00', to: '12:00' },
        },
      });
      expect(profile.status, profile.text).toBe(201);
      const page = await open(PHONE, fx.url);
      await signIn(page, owner);
      await waitSignedIn(page);
      await page.getByRole('link', { name: 'Add key' }).click();
      await page.getByLabel('Key name').fill('Staff');
      const persons = page.locator('#add-view fieldset.person');
      const fillPerson = async (index: number, name: string, email: string) => {
        await persons.nth(index).getByLabel('Name', { exact: true }).fill(name);
        await persons
          .nth(index)
          .getByLabel(/^Email/)
          .fill(email);
      };
      await fillPerson(0, 'Eve', 'eve@example.com');
      for (const [index, name] of ['Gus', 'Finn'].entries()) {
        await page.getByRole('button', { name: 'Add a person' }).click();
        await fillPerson(index + 1, name, `${name.toLowerCase()}@example.com`);
      }
      await page.getByRole('button', { name: 'Remove person 2' }).click();
      expect(await persons.count()).toBe(2);
      expect(await persons.nth(1).getByLabel('Name', { exact: true }).inputValue()).toBe('Finn');
      expect(
        await persons
          .nth(1)
          .getByLabel(/^Email/)
          .inputValue(),
      ).toBe('finn@example.com');
      await page.getByLabel('Doorcode (keypad)').uncheck();
      expect(await page.locator('#add-view fieldset.doorcode').isHidden()).toBe(true);
      await page.getByLabel('Smart key (magic link)').check();
      await page.getByLabel(doors[0]!.name, { exact: true }).check();
      await page.getByLabel('Profile', { exact: true }).selectOption('Mornings');
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      const writes = page.locator('.plan .writes li');
      await writes.first().waitFor();
      const lines = await writes.allTextContents();
      expect(lines.map((line) => line.split(':')[0])).toEqual(['smartkey for Eve', 'smartkey for Finn']);
      expect(lines.every((line) => line.includes('08:00-12:00'))).toBe(true);
      await shot(page, '11-smart-key-dry-run');

      await page.getByRole('button', { name: 'Issue key' }).click();
      const status = page.locator('#key-view [data-field="status"]');
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('active');
      expect(await page.locator('#key-view .persons strong').allTextContents()).toEqual(['Eve', 'Finn']);
      expect(await page.locator('#key-view .summary').textContent()).toContain(
        'Mon Tue Wed Thu Fri 08:00–12:00',
      );
      // The magic links open the door like a code: hidden until revealed.
      expect(await page.locator('#key-view code.link-text').allTextContents()).toEqual(['••••', '••••']);
      expect(pageErrors).toEqual([]);
    }, 30_000);

    it('still shows the doors, and says why, when keys are off on the hub', async () => {
      const fx = await startApi(env, { server: { page: { root: KEYS_PAGE_ROOT }, keys: undefined } });
      const page = await open(DESKTOP, fx.url);
      await signIn(page, fx.keyFor('owner'));
      await waitSignedIn(page);
      await expect
        .poll(() => page.locator('#load-error').textContent())
        .toMatch(/^KEYS_UNAVAILABLE: Keys are off/);
      expect(await page.locator('#door-list li.door').count()).toBe(doors.length);
      expect(pageErrors).toEqual([]);
    }, 30_000);

    it('works behind a reverse proxy that serves the hub under a path', async () => {
      const fx = await startApi(env, { server: { page: { root: KEYS_PAGE_ROOT } } });
      const proxy = await pathProxy('/tedee', fx.url);
      const page = await open(DESKTOP, `${proxy}/tedee/`);
      await signIn(page, fx.keyFor('team'));
      await waitSignedIn(page);
      expect(page.url()).toBe(`${proxy}/tedee/`);
      expect(pageErrors).toEqual([]);
    }, 30_000);

    it('offers a viewer nothing it may not do', async () => {
      const fx = await startApi(env, { server: { page: { root: KEYS_PAGE_ROOT } } });
      const issued = await fx.client(fx.keyFor('owner'))('POST', '/api/v1/keys', {
        body: {
          name: 'Cleaning',
          persons: [{ name: 'Bo' }],
          doors: [doors[0]!.id],
          credentials: { doorcode: true },
        },
      });
      expect(issued.status, issued.text).toBe(201);
      const page = await open(PHONE, fx.url);
      await signIn(page, fx.keyFor('viewer'));
      await waitSignedIn(page);
      await page.locator('#key-list li.key').first().waitFor();
      expect(await page.getByRole('link', { name: 'Add key' }).isVisible()).toBe(false);
      expect(await page.locator('#door-list button').count()).toBe(0);
      await shot(page, '08-viewer');

      await page.getByRole('link', { name: 'Cleaning' }).click();
      await expect.poll(() => page.locator('#key-view [data-field="status"]').textContent()).toBe('active');
      for (const name of ['Revoke key…', 'Reveal codes'])
        expect(await page.getByRole('button', { name }).count()).toBe(0);
      expect(await page.getByText('Edit doors and schedule').count()).toBe(0);

      // The skip link's #main is not a view: the key's screen stays.
      await page.evaluate(
        "new Promise((resolve) => { addEventListener('hashchange', resolve, { once: true }); location.hash = '#main'; })",
      );
      expect(await page.locator('#key-view').isVisible()).toBe(true);

      // Typing the address of "Add key" shows the overview instead.
      await page.evaluate("location.hash = '#/add'");
      await page.locator('#overview-view').waitFor();
      expect(await page.locator('#add-view').isHidden()).toBe(true);
      expect(pageErrors).toEqual([]);
    }, 30_000);
  },
);
