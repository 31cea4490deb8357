/**
 * The one place the CLI builds a key service. Until the implementation lands (branch k-service), this says
 * so; the commands code against KeyServiceApi only.
 */
import type { LockHub } from '../../core/index.js';
import type { KeyStore } from '../../core/keys/store.js';
import type { KeyServiceApi } from '../../core/keys/service/api.js';

export interface RunningKeyService {
  api: KeyServiceApi;
  stop(): Promise<void>;
}

export async function startKeyService(hub: LockHub, store: KeyStore): Promise<RunningKeyService> {
  void hub;
  void store;
  return Promise.reject(new Error('the key service is not part of this build yet'));
}
