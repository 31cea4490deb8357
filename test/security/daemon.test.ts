/**
 * Security review, the daemon: `tedee-hub run` as a real process (embedded MQTT broker with a password and a
 * command code, the HTTP API, a webhook delivery with a signing secret, the data folder) against the emulator,
 * with a known PAK and a secondary, access keys made by the CLI and the API, and a doorcode issued with a
 * `strict` known code. Every line the processes print, every MQTT message (`#`), every HTTP answer (401 and 403
 * bodies and the event stream included), the audit (API and CLI) and every byte of every file in the data
 * folder is searched: only prefixes and masked codes. The files are 0600 and the folders 0700.
 *
 * Positive controls prove the search finds what it looks for: the one place each secret is shown on purpose
 * (the access key at its creation, the doorcode in the webhook delivery) holds it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiAnswer } from '../helpers/apiServer.js';
import { useEmulator } from '../helpers/emulator.js';
import { Observer } from '../helpers/mqtt.js';
import { freePort } from '../helpers/ports.js';
import { openSse } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';
import { cli as spawnCli, cliOutput as runCli, startWebhook, stopAll } from './processes.js';
import type { Haystack, Needle } from './secrets.js';
import { accessKeyNeedles, filesUnder, leaks, lines, pakNeedles, wrongModes } from './secrets.js';

const env = useEmulator({ locks: 2, speed: 10 });
const DOORCODE = '58207316';
/** A code someone set in the Tedee app: the cloud refuses it (406), the hub must not quote it back. */
const TAKEN_CODE = '69413827';
const MQTT_PASSWORD = 'mqtt-pw-Vq7Lk2Rr9Zt';
const COMMAND_CODE = 'cmd-code-J4nW8x';
const GUESSED_CODE = 'guess-Hq3Pz6';
const WEBHOOK_SECRET = 'hook-secret-Xc5Bn1Mm0';
const MALFORMED_PAK = 'NoDotSecretValue999888777';
const MALFORMED_PASSWORD = 'smtp-secret-Pq2Wd8';

const root = mkdtempSync(join(tmpdir(), 'security-daemon-'));
const dataDir = join(root, 'data');
afterAll(stopAll);
const cli = (args: string[], environment?: Record<string, string>) => spawnCli(root, args, environment);
const cliOutput = (args: string[], environment?: Record<string, string>) => runCli(root, args, environment);

describe('security review: tedee-hub run, the HTTP API, MQTT, the CLI and the data folder', () => {
  it('shows only prefixes and masked codes everywhere, and keeps its files 0600 in 0700 folders', async () => {
    const secondary = await env.control.createKey({ name: 'secondary' });
    const [door, other] = await env.control.locks();
    await env.control.patchLock(door!.id, { keypad: true });
    await env.control.patchLock(other!.id, { keypad: true });
    const book = env.emulator.world.pinBook(other!.id);
    book.pins.set(book.nextId, { id: book.nextId++, alias: 'Neighbour', pin: TAKEN_CODE, ...NO_WINDOW });
    book.listVersion++;
    const haystacks: Haystack[] = [];
    const cliRun = async (source: string, args: string[], environment?: Record<string, string>) => {
      const output = await cliOutput(args, environment);
      haystacks.push(...lines(`cli ${source}`, output));
      return output;
    };

    // Bootstrap on the machine: the first owner key, printed once (a positive control, not searched).
    await cliRun('apps add', ['apps', 'add', 'Admin', '--group', 'owner', '--data', dataDir]);
    const addKey = (app: string, name: string) =>
      cliOutput(['apps', 'keys', 'add', app, '--name', name, '--json', '--data', dataDir]);
    const [created, viewerCreated] = await Promise.all([
      addKey('Admin', 'laptop'),
      cliRun('apps add viewer', ['apps', 'add', 'Board', '--group', 'viewer', '--data', dataDir]).then(() =>
        addKey('Board', 'tv'),
      ),
    ]);
    const ownerKey = (JSON.parse(created.join('')) as { key: string }).key;
    const viewerKey = (JSON.parse(viewerCreated.join('')) as { key: string }).key;

    const webhook = await startWebhook();
    const [mqttPort, apiPort] = [await freePort(), await freePort()];
    const configFile = join(root, 'hub.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        personalAccessKey: env.key,
        secondaryAccessKey: secondary.key,
        apiUrl: env.url,
        pollInterval: 10,
        dataDir,
        mqtt: {
          embedded: { port: mqttPort },
          username: 'hub',
          password: MQTT_PASSWORD,
          commands: { enabled: true, actions: ['lock'], code: COMMAND_CODE },
          activity: { enabled: true, interval: 10 },
        },
        api: { port: apiPort },
        delivery: { webhook: { url: webhook.url, secret: WEBHOOK_SECRET } },
      }),
    );
    const daemon = cli(['run', '--config', configFile]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitFor(() => daemon.output.some((line) => line.includes('Tedee hub running')), 20_000, 'the hub');
    await waitFor(() => daemon.output.some((line) => line.includes('HTTP API on')), 10_000, 'the API');

    const observer = await Observer.connect(`mqtt://127.0.0.1:${mqttPort}`, ['#'], {
      username: 'hub',
      password: MQTT_PASSWORD,
    });
    const stream = await openSse(`${apiUrl}/api/v1/events`, ownerKey);

    // Every HTTP answer is kept.
    const answers: ApiAnswer[] = [];
    const recorded = (key?: string) => {
      const call = apiClient(apiUrl, key);
      return async (...args: Parameters<typeof call>) => {
        const answer = await call(...args);
        answers.push(answer);
        return answer;
      };
    };
    const owner = recorded(ownerKey);
    const viewer = recorded(viewerKey);
    const request = {
      name: 'Stay',
      persons: [{ name: 'Ann' }],
      doors: [door!.id],
      credentials: { doorcode: { policy: 'strict', code: DOORCODE } },
    };
    const issued = await waitFor(async () => {
      const answer = await owner('POST', '/api/v1/keys', { body: request });
      return answer.status !== 503 && answer;
    }, 15_000);
    expect(issued.status).toBe(201);
    const keyId = issued.body.id as string;
    // The webhook delivers the code in clear: its purpose, and the proof that the search finds it.
    await waitFor(() => webhook.received.length > 0, 10_000, 'the webhook delivery');
    expect(webhook.received[0]!.body).toContain(DOORCODE);

    // The same strict code again: refused (the code is taken), without repeating it.
    const duplicate = await owner('POST', '/api/v1/keys', { body: { ...request, name: 'Again' } });
    expect(duplicate.status).toBeGreaterThanOrEqual(400);
    const taken = await owner('POST', '/api/v1/keys', {
      body: {
        ...request,
        name: 'Taken',
        doors: [other!.id],
        credentials: { doorcode: { policy: 'strict', code: TAKEN_CODE } },
      },
    });
    expect(taken.body.error?.code).toBe('PIN_DUPLICATE');
    // Malformed codes are refused without being repeated: too long, and a number instead of text.
    for (const code of [`${DOORCODE}9`, Number(DOORCODE)]) {
      const malformed = await owner('POST', '/api/v1/keys', {
        body: { ...request, credentials: { doorcode: { policy: 'strict', code } } },
      });
      expect(malformed.status).toBe(400);
    }
    await owner('GET', '/api/v1/keys');
    await owner('GET', `/api/v1/keys/${keyId}`);
    await owner('GET', '/api/v1/me');
    await owner('GET', '/api/v1/locks');
    const command = await owner('POST', `/api/v1/locks/${door!.id}/lock`);
    await stream.next((event) => event.event === 'commandFinished');
    await owner('GET', command.headers.get('location')!);
    // The guest types the code at the door: the activity feed says who (the PIN's name), never the code. It reads
    // the door's log at its next poll; awaited at the end, while the steps in between run.
    expect((await env.control.keypad(door!.id, DOORCODE)).opened).toBe(true);
    // 403s: a viewer may not reveal codes or operate; 401s: no key, a made-up key, the owner's public part
    // with a wrong secret, a PAK presented as an access key.
    expect((await viewer('GET', `/api/v1/keys/${keyId}?reveal=true`)).status).toBe(403);
    expect((await viewer('POST', `/api/v1/locks/${other!.id}/unlock`)).status).toBe(403);
    const wrongSecret = `${ownerKey.slice(0, 21)}${'a'.repeat(52)}`;
    for (const key of [undefined, 'tdk_nothing', wrongSecret, env.key])
      expect((await recorded(key)('GET', '/api/v1/keys')).status).toBe(401);
    // An access key made through the API: shown once in that answer (a positive control, not searched).
    const app = await owner('POST', '/api/v1/applications', { body: { name: 'Booking', group: 'team' } });
    const apiCreated = await apiClient(apiUrl, ownerKey)(
      'POST',
      `/api/v1/applications/${app.body.id as string}/access-keys`,
      {
        body: { name: 'blue' },
      },
    );
    const apiKey = apiCreated.body.key as string;
    expect(apiCreated.text).toContain(apiKey);
    expect((await recorded(apiKey)('GET', '/api/v1/keys')).status).toBe(200);
    await owner('GET', '/api/v1/audit');

    // MQTT: a command with the code, five guesses (a lockout is written to the data folder).
    const slug = (await observer.waitFor('tedee/bridge/state')) && (await waitFor(() => slugOf(observer)));
    await observer.publish(`tedee/${slug}/set`, JSON.stringify({ action: 'LOCK', code: COMMAND_CODE }));
    await observer.waitFor(`tedee/${slug}/result`);
    // Garbage carrying the code is refused without repeating it.
    for (const garbage of [
      JSON.stringify({ action: 'DANCE', code: COMMAND_CODE }),
      JSON.stringify({ action: 'LOCK', code: COMMAND_CODE, colour: 'blue' }),
      `LOCK ${COMMAND_CODE}`,
    ])
      await observer.publish(`tedee/${slug}/set`, garbage);
    await waitFor(
      () => observer.on(`tedee/${slug}/result`).filter((m) => m.text.includes('INVALID_COMMAND')).length >= 3,
      10_000,
      'three INVALID_COMMAND results',
    );
    for (let i = 0; i < 6; i++)
      await observer.publish(`tedee/${slug}/set`, JSON.stringify({ action: 'LOCK', code: GUESSED_CODE }));
    await observer.waitFor(`tedee/${slug}/result`, (message) => message.text.includes('CODE_LOCKED_OUT'));

    await waitFor(() => stream.events.some((event) => event.event === 'keyChanged'), 10_000, 'keyChanged');
    // A configuration whose secrets are malformed: each problem is named, no value repeated.
    const malformed = join(root, 'malformed.json');
    writeFileSync(
      malformed,
      JSON.stringify({
        personalAccessKey: env.key,
        secondaryAccessKey: MALFORMED_PAK,
        apiUrl: env.url,
        smtp: { host: '127.0.0.1', from: 'desk@example.com', password: { value: MALFORMED_PASSWORD } },
      }),
    );
    const checked = await cliRun('check-config', ['check-config', malformed]);
    expect(checked.join('\n')).toContain('secondaryAccessKey');
    // The CLI beside the running hub: the audit, the applications, and the cloud commands with a good and a
    // rejected PAK (in parallel: they only read).
    await Promise.all([
      cliRun('audit', ['audit', '--data', dataDir]),
      cliRun('apps keys list', ['apps', 'keys', 'list', '--data', dataDir]),
      cliRun('apps list', ['apps', 'list', '--json', '--data', dataDir]),
      cliRun('locks', ['locks'], { TEDEE_PAK: secondary.key, TEDEE_API_URL: env.url }),
      cliRun('locks, a rejected key', ['locks'], {
        TEDEE_PAK: `${secondary.prefix}.WrongSecretPart000111`,
        TEDEE_API_URL: env.url,
      }),
    ]);
    await waitFor(
      () => observer.messages.find((m) => m.topic.endsWith('/activity') && m.text.includes('keypad')),
      20_000,
      'the keypad activity',
    );
    stream.close();
    await observer.close();
    // The folder while the hub runs (the store's WAL and shared memory exist only then), and after it stopped.
    const whileRunning = filesUnder(dataDir, 'data (running)');
    expect(whileRunning.map((file) => file.source)).toContain('data (running)/keys.db-wal');
    const modesWhileRunning = wrongModes(dataDir);
    daemon.child.kill('SIGTERM');
    await daemon.exit;
    // With the daemon stopped, the key commands run a hub of their own on the folder.
    const cloud = { TEDEE_PAK: env.key, TEDEE_API_URL: env.url };
    await cliRun('keys list', ['keys', 'list', '--data', dataDir], cloud);
    await cliRun('keys show', ['keys', 'show', keyId, '--json', '--data', dataDir], cloud);
    // The code taken already (PIN_DUPLICATE), and a malformed one (refused before any cloud call).
    const issueWith = (code: string) =>
      cliRun(
        `keys issue ${code}`,
        [
          'keys',
          'issue',
          '--name',
          'Again',
          '--person',
          'Bob',
          '--doors',
          String(door!.id),
          '--doorcode',
          '--policy',
          'strict',
          '--code',
          code,
          '--data',
          dataDir,
        ],
        cloud,
      );
    expect((await issueWith(DOORCODE)).join('\n')).toContain('PIN_DUPLICATE');
    expect((await issueWith(`${DOORCODE}9`)).join('\n')).toContain('--code');
    // A request file that is not JSON (the code in single quotes): refused without quoting it.
    const requestFile = join(root, 'request.json');
    writeFileSync(requestFile, JSON.stringify(request).replace(`"${DOORCODE}"`, `'${DOORCODE}'`));
    const notJson = await cliRun(
      'keys issue --request',
      ['keys', 'issue', '--request', requestFile, '--data', dataDir],
      cloud,
    );
    expect(notJson.join('\n')).toContain('KEY_REQUEST_INVALID');

    haystacks.push(
      ...lines('tedee-hub run', daemon.output),
      ...observer.messages
        .filter((message) => !(message.topic.endsWith('/set') && message.text !== ''))
        .map((message) => ({ source: `mqtt ${message.topic}`, text: message.text })),
      ...answers.map((answer, i) => ({ source: `http answer ${i} (${answer.status})`, text: answer.text })),
      ...answers.map((answer, i) => ({
        source: `http headers ${i}`,
        text: JSON.stringify([...answer.headers]),
      })),
      ...stream.events.map((event) => ({ source: `sse ${event.event}`, text: JSON.stringify(event.data) })),
      ...whileRunning,
      ...filesUnder(dataDir, 'data'),
    );
    const needles: Needle[] = [
      ...pakNeedles('the PAK', env.key),
      ...pakNeedles('the secondary PAK', secondary.key),
      { name: 'a rejected PAK', text: 'WrongSecretPart000111' },
      ...accessKeyNeedles('the owner key', ownerKey, 'output'),
      ...accessKeyNeedles('the viewer key', viewerKey, 'output'),
      ...accessKeyNeedles('the API-made key', apiKey, 'output'),
      { name: 'the doorcode', text: DOORCODE },
      { name: 'the doorcode taken in the cloud', text: TAKEN_CODE },
      { name: 'the MQTT password', text: MQTT_PASSWORD },
      { name: 'the command code', text: COMMAND_CODE },
      { name: 'a guessed command code', text: GUESSED_CODE },
      { name: 'the webhook secret', text: WEBHOOK_SECRET },
      { name: 'a malformed secondary PAK', text: MALFORMED_PAK },
      { name: 'a malformed SMTP password', text: MALFORMED_PASSWORD },
    ];
    const fileNeedles = needles.filter((needle) => !needle.name.includes('public part'));
    const outputs = haystacks.filter((haystack) => !haystack.source.startsWith('data'));
    const files = haystacks.filter((haystack) => haystack.source.startsWith('data'));
    expect(files.map((file) => file.source)).toEqual(expect.arrayContaining(['data/keys.db']));
    // The search finds a secret where it is shown on purpose: the key printed once at its creation.
    expect(leaks(lines('cli apps keys add', created), needles)).toEqual([
      'cli apps keys add[0]: the owner key (secret part)',
      'cli apps keys add[0]: the owner key (whole public part)',
    ]);
    expect(leaks(outputs, needles)).toEqual([]);
    expect(leaks(files, fileNeedles)).toEqual([]);
    // The masked code is what was shown.
    expect(JSON.stringify(issued.body)).toContain(`••••${DOORCODE.slice(-2)}`);
    expect(modesWhileRunning).toEqual([]);
    expect(wrongModes(dataDir)).toEqual([]);
  }, 50_000);
});

const NO_WINDOW = {
  startDate: null,
  endDate: null,
  dayStartTime: null,
  dayEndTime: null,
  weekDays: null,
};

/** The slug of the first lock with a retained state topic. */
function slugOf(observer: Observer): string | undefined {
  for (const message of observer.messages) {
    const match = /^tedee\/([^/]+)\/availability$/.exec(message.topic);
    if (match) return match[1];
  }
  return undefined;
}
