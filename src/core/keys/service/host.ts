/**
 * The key service in a long-running host (`tedee-hub run`, the Node-RED account node, later the HTTP API): the
 * store in the hub's data folder, the service started once the hub has read the locks, and its timers
 * (daylight-saving rewrites, retries of waiting doors, reconcile) running until the host stops it. One function
 * for every host, so each opens, starts and closes the same way; the host brings its delivery channels.
 */
import type { LockHub } from '../../hub/hub.js';
import { errorMessage } from '../../../util/errors.js';
import { unsupportedNode } from '../../../util/nodeVersion.js';
import type { DeliveryChannel, MessageTemplate } from '../delivery/index.js';
import type { KeyServiceApi } from './api.js';
import type { KeyServiceOptions } from './deps.js';
import type { KeyStore } from '../store.js';
import { createKeyService } from './index.js';

export interface KeyServiceHostSettings {
  dataDir: string;
  /** SMTP and webhook, built by the host; the `delivery` event on the hub's bus is always sent. */
  channels?: DeliveryChannel[];
  template?: Partial<MessageTemplate>;
  options?: KeyServiceOptions;
  /** Called once, when the host is done (stopped, or keys are off): the host closes its channels here. */
  onStopped?: () => void;
  /**
   * Called once the store is open, before the hub is ready: the HTTP API's applications live in the same store
   * (runtime/keys.ts). The store closes with stop().
   */
  onStoreOpened?: (store: KeyStore) => void;
}

export interface HostedKeyService {
  api: KeyServiceApi;
  /** How many keys the store held at start, for the host's log line. */
  keyCount: number;
}

export interface KeyServiceHost {
  /**
   * The running service, once the store is open and the hub ready; undefined when it could not start
   * (`problem()` says why) or the host stopped first. Never rejects.
   */
  started: Promise<HostedKeyService | undefined>;
  /** Why keys are off (the store could not open, an old Node.js, ...); undefined while fine or starting. */
  problem(): string | undefined;
  /** Stops the timers and closes the store; may come before the start finished. */
  stop(): Promise<void>;
}

/**
 * Opens the store at once (a locked or damaged store is reported before any cloud call), then waits for the
 * hub's first discovery, however long it takes (a cloud that is down at start does not turn keys off for
 * good), and starts the service.
 */
export function hostKeyService(hub: LockHub, settings: KeyServiceHostSettings): KeyServiceHost {
  let stopped = false;
  let problem: string | undefined;
  let close: (() => Promise<void>) | undefined;
  let cancelWait: (() => void) | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    settings.onStopped?.();
  };
  const started = (async (): Promise<HostedKeyService | undefined> => {
    try {
      const unsupported = unsupportedNode(process.versions.node);
      if (unsupported) throw new Error(`the key store needs node:sqlite. ${unsupported}`);
      // Loaded only here: a host without a data folder never loads node:sqlite.
      const { KeyStore } = await import('../store.js');
      if (stopped) return undefined;
      const store = KeyStore.open({ dataDir: settings.dataDir });
      settings.onStoreOpened?.(store);
      const service = createKeyService({
        context: hub.context,
        store,
        hub,
        channels: settings.channels,
        options: { ...settings.options, template: settings.template },
      });
      close = async () => {
        close = undefined;
        await service.stop();
        store.close();
      };
      const ready = await new Promise<boolean>((resolve) => {
        cancelWait = hubReady(hub, resolve);
      });
      if (!ready || stopped) return undefined;
      await service.start();
      if (stopped) return undefined;
      return { api: service, keyCount: service.list().length };
    } catch (error) {
      problem = errorMessage(error);
      await close?.();
      end();
      return undefined;
    }
  })();
  return {
    started,
    problem: () => problem,
    stop: async () => {
      stopped = true;
      cancelWait?.();
      // A start in progress (service.start() settling the journal) finishes first; then everything closes.
      await started;
      await close?.();
      end();
    },
  };
}

/** Calls `done(true)` once the hub has read its locks, or `done(false)` when cancelled; returns the cancel. */
function hubReady(hub: LockHub, done: (ready: boolean) => void): () => void {
  if (hub.isReady) {
    done(true);
    return () => undefined;
  }
  const off = hub.on('ready', () => {
    off();
    done(true);
  });
  return () => {
    off();
    done(false);
  };
}
