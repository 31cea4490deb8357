/**
 * The key service of a `tedee-account` node: hosted with the hub when the account has a data folder
 * (hostKeyService, as the daemon does), with no delivery channel but the `delivery` event, which the key nodes
 * pass on (their second output): a Node-RED flow sends the message itself, by whatever node it likes.
 * Deliveries are routed to one key node each (DeliveryRouter), so a guest never gets the same code twice.
 */
import type { KeyServiceApi, LockHub } from '../core/index.js';
import type { Delivery } from '../core/keys/delivery/index.js';
import { hostKeyService } from '../core/keys/service/host.js';
import { DeliveryRouter } from './deliveryRouter.js';

/** What the key nodes see of the account's keys. */
export interface KeysState {
  service?: KeyServiceApi;
  /** Why keys are off (no data folder, the store could not open); undefined while they start or run. */
  problem?: string;
}

export interface AccountKeys {
  state(): KeysState;
  /** Calls `listener` now and when the keys start or turn off; returns the unsubscribe function. */
  watch(listener: (state: KeysState) => void): () => void;
  readonly deliveries: DeliveryRouter;
  stop(): Promise<void>;
}

export interface AccountKeysPorts {
  log(message: string): void;
  warn(message: string): void;
}

/** Keys for an account: off with `problem` when there is no hub or no data folder, else hosted on the hub. */
export function startAccountKeys(
  hub: LockHub | undefined,
  dataDir: string | undefined,
  ports: AccountKeysPorts,
): AccountKeys {
  const listeners = new Set<(state: KeysState) => void>();
  let state: KeysState = {};
  const set = (next: KeysState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };
  const deliveries = new DeliveryRouter(() => state.service);
  let stopHost: () => Promise<void> = () => Promise.resolve();
  let offDelivery: (() => void) | undefined;
  if (!hub) state = { problem: 'the account settings are invalid' };
  else if (!dataDir)
    state = { problem: 'no data folder; set one on the account (Node-RED has no user dir here)' };
  else {
    const host = hostKeyService(hub, { dataDir });
    stopHost = () => host.stop();
    offDelivery = hub.on('delivery', (delivery: Delivery) => deliveries.route(delivery));
    void host.started.then((running) => {
      const problem = host.problem();
      if (problem) {
        ports.warn(`Keys are off: ${problem}`);
        set({ problem });
      } else if (running) {
        ports.log(`Keys: ${running.keyCount} in ${dataDir}; delivered by the key nodes' second output.`);
        set({ service: running.api });
      }
    });
  }
  return {
    state: () => state,
    watch: (listener) => {
      listeners.add(listener);
      listener(state);
      return () => void listeners.delete(listener);
    },
    deliveries,
    stop: async () => {
      offDelivery?.();
      // Told, so that an input waiting for the service ends now (KEYS_OFF), not at its wait's end.
      set({ problem: 'the account stopped' });
      listeners.clear();
      await stopHost();
    },
  };
}
