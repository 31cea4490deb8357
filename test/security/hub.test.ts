/**
 * Security review, in-process: the hub, its key service and the HTTP API on the emulator, where every log line
 * (every level) and every hub event can be recorded. A known PAK and a
 * secondary (the primary revoked mid-run, the hub moving to the secondary), an owner access key, doorcodes
 * issued, previewed, replaced and refused with known codes: only prefixes and masked codes in the logs, the
 * events, the answers and the data folder's bytes. The delivery event and a revealed answer are the places a
 * code is shown on purpose, and the proof that the search finds it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiServer } from '../../src/api/index.js';
import { openApplications } from '../../src/core/index.js';
import { createKeyService } from '../../src/core/keys/service/index.js';
import { KeyStore } from '../../src/core/keys/store.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { apiClient, type ApiAnswer } from '../helpers/apiServer.js';
import { useEmulator } from '../helpers/emulator.js';
import { startFaultProxy } from '../helpers/faultProxy.js';
import { startHub } from '../helpers/hub.js';
import { FAST } from '../helpers/keyService.js';
import { waitFor } from '../helpers/wait.js';
import type { Haystack, Needle } from './secrets.js';
import { accessKeyNeedles, filesUnder, leaks, pakNeedles, wrongModes } from './secrets.js';

const env = useEmulator({ locks: 2, speed: 10 });
const DOORCODE = '58207316';
const PREVIEWED = '47190352';
const REPLACEMENT = '83916204';
const BROKEN = '2345678';
/** A code the cloud refuses with a message that quotes it back. */
const QUOTED = '61937240';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** An event payload as text, errors with their message, code and cause (JSON.stringify drops them). */
function eventText(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) =>
    value instanceof Error
      ? { ...value, message: value.message, stack: value.stack, cause: value.cause }
      : value,
  );
}

describe('security review: the hub, the key service and the API in one process', () => {
  it('logs, events, answers and files hold only prefixes and masked codes', async () => {
    const primary = await env.control.createKey({ name: 'primary' });
    const secondary = await env.control.createKey({ name: 'secondary' });
    const [door, other] = await env.control.locks();
    for (const lock of [door!, other!]) await env.control.patchLock(lock.id, { keypad: true });

    // The hub talks to the emulator through a fault proxy, which can make the cloud quote a code back.
    const proxy = await startFaultProxy(env.url);
    closers.push(() => proxy.close());
    const { hub, logger, events } = startHub(env, {
      apiUrl: proxy.url,
      personalAccessKey: primary.key,
      secondaryAccessKey: secondary.key,
    });
    await hub.ready();
    const dataDir = join(mkdtempSync(join(tmpdir(), 'security-hub-')), 'data');
    const store = KeyStore.open({ dataDir, now: () => new Date(env.emulator.clock.now()) });
    const service = createKeyService({ context: hub.context, store, hub, options: FAST });
    const apps = openApplications(store, env.emulator.clock);
    const apiLogger = new MemoryLogger();
    const server = createApiServer({ hub, keys: service, apps, config: { port: 0 }, logger: apiLogger });
    const { url } = await server.listen();
    closers.push(async () => {
      await server.close();
      await service.stop();
      store.close();
    });
    await service.start();
    const ownerKey = apps.addAccessKey(apps.addApplication({ name: 'Admin', group: 'owner' }).id, {
      name: 'main',
    }).key;

    const answers: ApiAnswer[] = [];
    const owner = async (...args: Parameters<ReturnType<typeof apiClient>>) => {
      const answer = await apiClient(url, ownerKey)(...args);
      answers.push(answer);
      return answer;
    };
    const request = (code: string, doors = [door!.id]) => ({
      name: 'Stay',
      persons: [{ name: 'Ann', email: 'ann@example.com' }],
      doors,
      credentials: { doorcode: { policy: 'strict', code } },
    });
    const issued = await owner('POST', '/api/v1/keys', { body: request(DOORCODE) });
    expect(issued.status).toBe(201);
    const keyId = issued.body.id as string;
    expect((await owner('POST', '/api/v1/keys?dryRun=true', { body: request(PREVIEWED) })).status).toBe(200);
    // Not JSON (a code in single quotes, a common slip): V8's parse message quotes the text around the mistake.
    const raw = JSON.stringify(request(DOORCODE)).replace(`"${DOORCODE}"`, `'${DOORCODE}'`);
    const notJson = await owner('POST', '/api/v1/keys', { raw });
    expect(notJson.body.error?.code).toBe('BODY_INVALID');
    const broken = await owner('POST', '/api/v1/keys', { body: request(BROKEN) });
    expect(broken.body.error?.code).toBe('PIN_INVALID');
    proxy.setRules([
      {
        method: 'POST',
        path: new RegExp(`/my/lock/${other!.id}/pin$`),
        count: 1,
        fault: {
          kind: 'rewrite',
          status: 400,
          change: () => ({
            success: false,
            statusCode: 400,
            result: null,
            errorMessages: [`PIN ${QUOTED} is not accepted by this lock`],
          }),
        },
      },
    ]);
    const quoted = await owner('POST', '/api/v1/keys', { body: request(QUOTED, [other!.id]) });
    expect(quoted.status).toBeGreaterThanOrEqual(400);
    expect(proxy.events).toHaveLength(1);
    // The cloud's message reaches the caller, its code masked.
    expect(quoted.text).toContain('is not accepted by this lock');
    // A poll that fails at the network: the hub's `error` event and log line (an axios error carries the
    // request's headers, the PAK among them).
    proxy.setRules([{ path: /\/my\/lock\/sync$/, fault: { kind: 'dropBefore' }, count: 6 }]);
    await waitFor(() => events.some((event) => event.event === 'error'), 15_000, 'an error event');
    await owner('POST', `/api/v1/keys/${keyId}/replace-code`, {
      body: { person: 0, doorcode: { policy: 'strict', code: REPLACEMENT } },
    });
    await owner('POST', `/api/v1/keys/${keyId}/resend`, { body: {} });
    await owner('PATCH', `/api/v1/keys/${keyId}`, { body: { doors: [door!.id, other!.id] } });
    await owner('POST', '/api/v1/keys/reconcile', { body: { repair: true } });
    // Revealed on purpose, for a group with keys.reveal: kept out of the search, and proof the search works.
    const revealed = await apiClient(url, ownerKey)('GET', `/api/v1/keys/${keyId}?reveal=true`);

    // The primary PAK revoked mid-run: the hub moves to the secondary and says so with prefixes only.
    await fetch(`${env.url}/api/v37/my/personalaccesskey/${primary.id}`, {
      method: 'DELETE',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    await owner('POST', `/api/v1/locks/${door!.id}/unlock`);
    await waitFor(() => logger.lines.some((line) => line.message.includes('secondary key')), 15_000);
    await waitFor(() => events.some((event) => event.event === 'commandFinished'), 15_000);
    await owner('POST', `/api/v1/keys/${keyId}/revoke`, { body: {} });
    await owner('GET', `/api/v1/keys/${keyId}`);
    await owner('GET', '/api/v1/audit');
    const deliveries = events.filter((event) => event.event === 'delivery');

    const haystacks: Haystack[] = [
      ...logger.lines.map((line, i) => ({ source: `hub log ${i} (${line.level})`, text: line.message })),
      ...apiLogger.lines.map((line, i) => ({ source: `api log ${i}`, text: line.message })),
      ...events
        .filter((event) => event.event !== 'delivery')
        .map((event, i) => ({ source: `hub event ${i} ${event.event}`, text: eventText(event.payload) })),
      ...answers.map((answer, i) => ({ source: `http answer ${i} (${answer.status})`, text: answer.text })),
    ];
    const needles: Needle[] = [
      ...pakNeedles('the primary PAK', primary.key),
      ...pakNeedles('the secondary PAK', secondary.key),
      ...accessKeyNeedles('the owner key', ownerKey, 'output'),
      { name: 'the doorcode', text: DOORCODE },
      { name: 'the previewed doorcode', text: PREVIEWED },
      { name: 'the replacement doorcode', text: REPLACEMENT },
      { name: 'a doorcode the rules refuse', text: BROKEN },
      { name: 'a doorcode the cloud quoted back', text: QUOTED },
    ];
    // The hub moved to the secondary key, and said so with both prefixes.
    expect(logger.text()).toContain(`switched to the secondary key ${secondary.prefix}.***`);
    expect(leaks(haystacks, needles)).toEqual([]);
    const files = [...filesUnder(dataDir, 'data')];
    expect(files.map((file) => file.source)).toContain('data/keys.db-wal');
    expect(
      leaks(
        files,
        needles.filter((needle) => !needle.name.includes('public part')),
      ),
    ).toEqual([]);
    expect(wrongModes(dataDir)).toEqual([]);
    // Positive controls: where the code is shown on purpose, the search finds it.
    expect(leaks([{ source: 'revealed', text: revealed.text }], needles)).toEqual([
      'revealed: the doorcode',
      'revealed: the replacement doorcode',
    ]);
    expect(leaks([{ source: 'delivery', text: eventText(deliveries) }], needles)).toEqual([
      'delivery: the doorcode',
      'delivery: the replacement doorcode',
    ]);
  });
});
