/**
 * The HTTP API's bodies against anything a client sends: arbitrary JSON, bodies near the published schemas with
 * wrong values, `__proto__` keys, invalid dates that match the patterns, and text that is not JSON, fired at the
 * routes that take a body, on a real server over HTTP. Property: a correct 2xx, or a 4xx in the API's error
 * shape naming the field; never a 5xx, never an unhandled error.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiClient, ApiFixture } from '../helpers/apiServer.js';
import { startApi } from '../helpers/apiServer.js';
import { useEmulator } from '../helpers/emulator.js';

const env = useEmulator({ locks: 2 });
let doors: number[];

beforeEach(async () => {
  await env.control.reset();
  doors = (await env.control.locks()).map((lock) => lock.id);
  for (const id of doors) await env.control.patchLock(id, { keypad: true });
});

/** A valid doorcode: wherever a request carries it, no answer may show it (doorcodes are masked). */
const SECRET = '918273';
/** Date-times that match the patterns and do not exist, next to ones that do. */
const timeText = fc.constantFrom(
  '2027-01-31T12:00:00Z',
  '2027-13-45T99:99Z',
  '2027-02-30T10:00+01:00',
  '9999-12-31T23:59:59.999+14:00',
  '0000-01-01T00:00Z',
  '2027-01-11T15:00',
  '2027-03-28T02:30',
  '2027-00-00T00:00',
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), timeText);
/** An object with the route's own fields (any values), a stray key or `__proto__` now and then. */
function near(fields: string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor', 'extra'), anyJson, {
    maxKeys: 5,
  });
}
const personArb = fc.dictionary(
  fc.constantFrom('name', 'email', 'phone', 'credentials', '__proto__'),
  fc.oneof(anyJson, fc.constantFrom('Ann', 'ann@example.com', '+48 123')),
  { minKeys: 1, maxKeys: 3 },
);
const keyRequest = fc.oneof(
  anyJson,
  near([
    'name',
    'persons',
    'doors',
    'credentials',
    'from',
    'until',
    'days',
    'hours',
    'timeZone',
    'dryRun',
    'requestId',
    'notes',
  ]),
  fc.record(
    {
      name: fc.oneof(fc.constant('Stay'), anyJson),
      persons: fc.oneof(fc.array(personArb, { maxLength: 2 }), anyJson),
      doors: fc.oneof(
        fc.constant('doors'),
        fc.array(fc.oneof(fc.integer({ min: -1, max: 3 }), fc.string({ maxLength: 4 })), { maxLength: 3 }),
        anyJson,
      ),
      credentials: fc.oneof(
        fc.record(
          {
            doorcode: fc.oneof(
              fc.boolean(),
              fc.record(
                {
                  code: fc.oneof(fc.constant(SECRET), fc.string({ maxLength: 9 })),
                  policy: fc.string({ maxLength: 9 }),
                  length: anyJson,
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
        anyJson,
      ),
      from: timeText,
      until: timeText,
      days: fc.oneof(fc.array(fc.constantFrom('mon', 'tue', 'xyz', ''), { maxLength: 3 }), anyJson),
      hours: fc.oneof(
        fc.record({
          from: fc.constantFrom('09:00', '25:00', '9'),
          to: fc.constantFrom('17:00', '09:00', ''),
        }),
        anyJson,
      ),
      timeZone: fc.constantFrom('Europe/Warsaw', 'Mars/Base', '', 'UTC'),
      dryRun: fc.constant(true),
    },
    { requiredKeys: ['dryRun'] },
  ),
);
/** Raw text: garbage, cut JSON, JSON with a proto key, deep nesting. */
const rawText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '{"name":',
    '{"__proto__":{"admin":true},"name":"x","group":"owner"}',
    '[]',
    'null',
    '"text"',
    '1e400',
    '{"a":1}{"b":2}',
    '\u0000',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
  ),
);

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
const body = (json: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 5, arbitrary: json.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: rawText.map((text) => ({ kind: 'raw' as const, text })) },
  );

async function send(client: ApiClient, method: string, path: string, sent: Body): Promise<ApiAnswer> {
  return sent.kind === 'json'
    ? client(method, path, { raw: JSON.stringify(sent.value) ?? 'null' })
    : client(method, path, { raw: sent.text });
}

/** The property: 2xx with JSON, or a 4xx error naming what is wrong; never 5xx, never a value echoed. */
function expectAnswered(answer: ApiAnswer, sent: Body): void {
  if (answer.status >= 500)
    throw new Error(`${answer.status} for ${JSON.stringify(sent).slice(0, 300)}: ${answer.text}`);
  expect(answer.status).toBeGreaterThanOrEqual(200);
  expect(answer.text).not.toContain(SECRET);
  if (answer.status < 300) return;
  expect(answer.status).toBeLessThan(500);
  const { error } = answer.body;
  expect(error?.code).toMatch(/^[A-Z_]+$/);
  expect(error?.message.length).toBeGreaterThan(0);
  if (answer.status === 400) expect(error?.field ?? error?.message).toBeTruthy();
  if (error?.code === 'BODY_INVALID' || error?.code.endsWith('_INVALID'))
    expect(error.field, `${answer.text} for ${JSON.stringify(sent)}`).toBeTruthy();
}

async function issueOne(owner: ApiClient): Promise<string> {
  const issued = await owner('POST', '/api/v1/keys', {
    body: { name: 'Stay', persons: [{ name: 'Ann' }], doors, credentials: { doorcode: true } },
  });
  expect(issued.status).toBe(201);
  return issued.body.id as string;
}

function ownerOf(fx: ApiFixture): ApiClient {
  return fx.client(fx.keyFor('owner'));
}

describe('the HTTP API against hostile bodies (property)', () => {
  it('POST /api/v1/keys and PATCH /api/v1/keys/{id}', async () => {
    const fx = await startApi(env);
    const owner = ownerOf(fx);
    const id = await issueOne(owner);
    await fc.assert(
      fc.asyncProperty(body(keyRequest), async (sent) => {
        expectAnswered(await send(owner, 'POST', '/api/v1/keys', sent), sent);
      }),
      { numRuns: 80 },
    );
    const update = near([
      'name',
      'persons',
      'doors',
      'from',
      'until',
      'days',
      'hours',
      'timeZone',
      'notes',
      'profile',
    ]);
    await fc.assert(
      fc.asyncProperty(body(fc.oneof(anyJson, update)), async (sent) => {
        expectAnswered(await send(owner, 'PATCH', `/api/v1/keys/${id}`, sent), sent);
      }),
      { numRuns: 80 },
    );
  });

  it('applications and access keys', async () => {
    const fx = await startApi(env);
    const owner = ownerOf(fx);
    const added = await owner('POST', '/api/v1/applications', { body: { name: 'pms', group: 'team' } });
    const app = added.body.id as string;
    const application = fc.oneof(anyJson, near(['name', 'description', 'group', 'locks']));
    const accessKey = fc.oneof(anyJson, near(['name', 'expiresAt', 'active']));
    await fc.assert(
      fc.asyncProperty(
        body(application),
        body(application),
        body(accessKey),
        async (create, change, keyBody) => {
          expectAnswered(await send(owner, 'POST', '/api/v1/applications', create), create);
          expectAnswered(await send(owner, 'PATCH', `/api/v1/applications/${app}`, change), change);
          const made = await send(owner, 'POST', `/api/v1/applications/${app}/access-keys`, keyBody);
          expectAnswered(made, keyBody);
          // Keep the application's two key slots free for the next run.
          if (made.status === 201) {
            const changed = await send(
              owner,
              'PATCH',
              `/api/v1/applications/${app}/access-keys/${String(made.body.id)}`,
              keyBody,
            );
            expectAnswered(changed, keyBody);
            await owner('DELETE', `/api/v1/applications/${app}/access-keys/${String(made.body.id)}`);
          }
        },
      ),
      { numRuns: 50 },
    );
    expect(Object.prototype).not.toHaveProperty('admin');
  });

  it('profiles, replace-code, resend, reconcile, path ids and query strings of any text', async () => {
    const fx = await startApi(env);
    const owner = ownerOf(fx);
    const id = await issueOne(owner);
    const profile = fc.oneof(
      anyJson,
      near(['name', 'accessLevel', 'remoteAccess', 'days', 'hours', 'timeZone']),
    );
    const replace = fc.oneof(
      anyJson,
      near(['person', 'doorcode']),
      fc.record({
        person: fc.oneof(fc.constant(0), anyJson),
        doorcode: fc.record({ code: fc.constant(SECRET), policy: fc.constantFrom('strict', 'x') }),
      }),
    );
    const resend = fc.oneof(anyJson, near(['person']));
    const reconcile = fc.oneof(anyJson, near(['repair', 'keyId']));
    const pathId = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('..', '%00', '__proto__', 'constructor', 'k_', '%2F', ' '),
    );
    await fc.assert(
      fc.asyncProperty(
        body(profile),
        body(replace),
        body(resend),
        body(reconcile),
        pathId,
        async (p, r, s2, c, raw) => {
          expectAnswered(await send(owner, 'POST', '/api/v1/profiles', p), p);
          expectAnswered(await send(owner, 'POST', `/api/v1/keys/${id}/replace-code`, r), r);
          expectAnswered(await send(owner, 'POST', `/api/v1/keys/${id}/resend`, s2), s2);
          expectAnswered(
            await send(owner, 'POST', '/api/v1/keys/reconcile', {
              kind: 'json',
              value: {
                ...(c.kind === 'json' && typeof c.value === 'object' && c.value && !Array.isArray(c.value)
                  ? c.value
                  : {}),
                repair: false,
              },
            }),
            c,
          );
          const path = encodeURIComponent(raw);
          for (const [method, route] of [
            ['GET', `/api/v1/keys/${path}`],
            ['GET', `/api/v1/locks/${path}`],
            ['GET', `/api/v1/applications/${path}`],
            ['GET', `/api/v1/commands/${path}`],
            ['GET', `/api/v1/keys?status=${path}&reveal=${path}&door=${path}`],
            ['GET', `/api/v1/keys?${path}=${path}`],
            ['GET', `/api/v1/audit?since=${path}&limit=${path}`],
          ] as const)
            expectAnswered(await owner(method, route), { kind: 'raw', text: route });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("an application's name the store refuses is a 400 naming the field, as a schema problem is", async () => {
    const fx = await startApi(env);
    const owner = ownerOf(fx);
    const refused = await owner('POST', '/api/v1/applications', { body: { name: '-pms', group: 'team' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'APP_INVALID', field: 'name' });
  });
});
