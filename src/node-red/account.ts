/**
 * The `tedee-account` config node: one Tedee account, one hub, shared by every node that names this
 * account. The hub starts when the node is created and stops when it closes (redeploy, removal, shutdown);
 * a partial redeploy of other nodes leaves it running, because Node-RED only recreates changed nodes.
 */
import type { HealthStatus, IssuerRole, KeyServiceApi, LockHub } from '../core/index.js';
import { createHub } from '../core/index.js';
import type { AccountKeys } from './accountKeys.js';
import { startAccountKeys } from './accountKeys.js';
import { NodeInputError } from './inputError.js';
import type { Node, NodeRedApi } from './red.js';
import { hubClockSetting } from './clockSetting.js';
import { nodeLogger } from './nodeLogger.js';
import { readAccountSettings } from './accountSettings.js';
import type { AccountConfig } from './accountSettings.js';
import { registerTestKeyEndpoint } from './testKey.js';

export const ACCOUNT_TYPE = 'tedee-account';

export interface AccountCredentials {
  personalAccessKey?: string;
  secondaryAccessKey?: string;
  [name: string]: string | undefined;
}

export const ACCOUNT_CREDENTIALS = {
  personalAccessKey: { type: 'password' },
  secondaryAccessKey: { type: 'password' },
} as const;

/** What a node that uses the account sees of it. */
export interface AccountNode extends Node<AccountCredentials> {
  /** The shared hub; undefined when the settings are invalid (then `health` says why). */
  hub: LockHub | undefined;
  /** The role flows act with when they issue keys. */
  role: IssuerRole;
  /** The hub's health, or `failed` with the settings problem when there is no hub. */
  health(): HealthStatus;
  /** Calls `listener` now and on every health change; returns the unsubscribe function. */
  watchHealth(listener: (health: HealthStatus) => void): () => void;
  /** The account's key service, hosted with the hub when there is a data folder (docs/node-red.md). */
  keys: AccountKeys;
  /**
   * The key service once it runs: waits while it starts (the hub's first discovery), rejects with
   * `KEYS_OFF` ("keys are off: <reason>"), the account's failure code, or `KEYS_STARTING` after `waitMs`.
   */
  keyService(waitMs?: number): Promise<KeyServiceApi>;
}

/** How long an input waits for the key service to start before it gives up (the hub's first discovery). */
const KEY_SERVICE_WAIT_MS = 30_000;

export default function registerAccount(RED: NodeRedApi): void {
  function TedeeAccount(this: AccountNode, config: AccountConfig): void {
    RED.nodes.createNode(this, config);
    const settings = readAccountSettings(config, this.credentials, RED.settings.userDir);
    this.role = settings.ok ? settings.role : 'owner';
    const listeners = new Set<(health: HealthStatus) => void>();
    let offHealth: (() => void) | undefined;
    if (settings.ok) {
      for (const warning of settings.warnings) this.warn(`Account settings: ${warning}`);
      const hub = createHub(settings.hub, { logger: nodeLogger(this), clock: hubClockSetting(RED) });
      offHealth = hub.on('healthChanged', (health) => {
        for (const listener of listeners) listener(health);
      });
      hub.start();
      this.hub = hub;
    } else {
      this.hub = undefined;
      this.error(`Account settings: ${settings.errors.join('; ')}`);
    }
    const failed: HealthStatus | undefined = settings.ok
      ? undefined
      : { state: 'failed', reason: settings.errors.join('; '), code: 'CONFIG_INVALID' };
    const stopped: HealthStatus = { state: 'failed', reason: 'the account stopped', code: 'HUB_STOPPED' };
    this.health = () => this.hub?.health ?? failed ?? stopped;
    this.watchHealth = (listener) => {
      listeners.add(listener);
      listener(this.health());
      return () => void listeners.delete(listener);
    };
    this.keys = startAccountKeys(this.hub, settings.ok ? settings.hub.dataDir : undefined, this);
    this.keyService = (waitMs = KEY_SERVICE_WAIT_MS) => waitForKeyService(this, waitMs);
    this.on('close', (_removed, done) => {
      offHealth?.();
      listeners.clear();
      const hub = this.hub;
      this.hub = undefined;
      // The key service first: its timers and store go before the hub it writes through.
      void (async () => {
        try {
          await this.keys.stop();
        } finally {
          await hub?.stop();
        }
      })().then(
        () => done(),
        (error: unknown) => {
          this.warn(
            `The hub did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`,
          );
          done();
        },
      );
    });
  }
  RED.nodes.registerType(ACCOUNT_TYPE, TedeeAccount as never, { credentials: ACCOUNT_CREDENTIALS });
  registerTestKeyEndpoint(RED);
}

function waitForKeyService(account: AccountNode, waitMs: number): Promise<KeyServiceApi> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const offs: (() => void)[] = [];
    const finish = (outcome: () => void) => {
      settled = true;
      clearTimeout(timer);
      offs.splice(0).forEach((off) => off());
      outcome();
    };
    // The service when it runs; else the account's failure (bad settings, key rejected); else why keys are off.
    const check = () => {
      if (settled) return;
      const { service, problem } = account.keys.state();
      const health = account.health();
      if (service) finish(() => resolve(service));
      else if (health.state === 'failed')
        finish(() =>
          reject(
            new NodeInputError(health.code ?? 'CONFIG_INVALID', `account: ${health.reason ?? 'failed'}`),
          ),
        );
      else if (problem) finish(() => reject(new NodeInputError('KEYS_OFF', `keys are off: ${problem}`)));
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new NodeInputError(
              'KEYS_STARTING',
              `keys are starting: the account is ${account.health().state}`,
            ),
          ),
        ),
      waitMs,
    );
    offs.push(account.keys.watch(check), account.watchHealth(check));
    if (settled) offs.splice(0).forEach((off) => off());
  });
}
