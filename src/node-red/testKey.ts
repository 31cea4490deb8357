/**
 * The account editor's "Test key" button: POST /tedee-account/test-key with `{id, apiUrl, personalAccessKey}`
 * checks the key against the cloud and answers its scopes and locks. The key itself never goes back to the
 * browser; when the editor sends the password placeholder (the key is unchanged), the stored credential of
 * the account node `id` is used.
 */
import { systemClock } from '../util/clock.js';
import { silentLogger } from '../util/logger.js';
import { createHub, HubError } from '../core/index.js';
import { createCloudAccounts } from '../core/cloud/account.js';
import { validateConfig } from '../config/index.js';
import type { HttpRequest, HttpResponse, NodeRedApi } from './red.js';

export const TEST_KEY_PATH = '/tedee-account/test-key';
/** What the editor sends in a password field that was not changed. */
const PASSWORD_PLACEHOLDER = '__PWRD__';
const TEST_TIMEOUT_MS = 20_000;

export interface TestKeyAnswer {
  ok: boolean;
  keyPrefix?: string;
  /** null: the key may not read its own scopes (it lacks Account.Read). */
  scopes?: string[] | null;
  locks?: { serialNumber: string; name: string; model: string; role: string }[];
  code?: string;
  reason?: string;
}

export function registerTestKeyEndpoint(RED: NodeRedApi): void {
  RED.httpAdmin.post(TEST_KEY_PATH, RED.auth.needsPermission('tedee-account.write'), (req, res) => {
    void answer(RED, req, res);
  });
}

async function answer(RED: NodeRedApi, req: HttpRequest, res: HttpResponse): Promise<void> {
  const body = req.body ?? {};
  const sent = typeof body.personalAccessKey === 'string' ? body.personalAccessKey.trim() : '';
  const stored = typeof body.id === 'string' ? RED.nodes.getCredentials(body.id) : undefined;
  const key = sent && sent !== PASSWORD_PLACEHOLDER ? sent : stored?.personalAccessKey;
  const apiUrl = typeof body.apiUrl === 'string' && body.apiUrl.trim() ? body.apiUrl.trim() : undefined;
  if (!key) {
    res.status(400).json({
      ok: false,
      code: 'CONFIG_INVALID',
      reason: 'personalAccessKey: missing; paste a personal access key',
    } satisfies TestKeyAnswer);
    return;
  }
  const checked = validateConfig({ personalAccessKey: key, ...(apiUrl ? { apiUrl } : {}) });
  if (!checked.ok) {
    res.status(400).json({ ok: false, code: 'CONFIG_INVALID', reason: checked.errors.join('; ') });
    return;
  }
  res.json(await testKey(checked.config.personalAccessKey, checked.config.apiUrl));
}

/** Reads the locks through a short-lived hub (so the answer matches what the nodes will see) and the scopes. */
export async function testKey(personalAccessKey: string, apiUrl: string | undefined): Promise<TestKeyAnswer> {
  const hub = createHub({ personalAccessKey, apiUrl }, { logger: silentLogger });
  const [account] = createCloudAccounts([personalAccessKey], {
    apiUrl,
    requestBudgetPerHour: 10,
    clock: systemClock,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    hub.start();
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new HubError('TIMEOUT', `no answer from ${apiUrl ?? 'the cloud'} within 20 s`)),
        TEST_TIMEOUT_MS,
      );
    });
    const [locks, scopes] = await Promise.race([Promise.all([hub.ready(), account!.scopes()]), timeout]);
    return {
      ok: true,
      keyPrefix: account!.keyPrefix,
      scopes: scopes ?? null,
      locks: locks.map(({ serialNumber, name, model, role }) => ({ serialNumber, name, model, role })),
    };
  } catch (error) {
    const code = error instanceof HubError ? error.code : 'INTERNAL';
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      keyPrefix: account?.keyPrefix,
      code,
      reason: reason.split(personalAccessKey).join('***'),
    };
  } finally {
    clearTimeout(timer);
    await hub.stop();
  }
}
