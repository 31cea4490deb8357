import type { DeviceLink } from '../deviceLink.js';
import type { KeyRecord } from '../keyStore.js';
import type { LockRunner } from '../lockRunner.js';
import type { ApiVersion } from '../serialize.js';
import type { World } from '../world.js';
import type { Query } from './query.js';
import type { Route } from './router.js';

/** Everything an API route handler sees of its request. */
export interface ApiContext {
  world: World;
  runner: LockRunner;
  /** The way to the lock: settings, PIN and access writes. */
  device: DeviceLink;
  params: Record<string, string>;
  query: Query;
  body: unknown;
  version: ApiVersion;
  key: KeyRecord;
  /** The emulator's own base URL, for links it hands out. */
  baseUrl: string;
}

export interface ApiRoute extends Route<ApiContext> {
  /** The request needs any one of these scopes. */
  scopes: readonly string[];
  /** GET /my/lock: limited to 10 per 10 minutes per key. */
  lockList?: boolean;
}

export const READ_DEVICES = ['Device.Read', 'Device.ReadWrite'] as const;
export const WRITE_DEVICES = ['Device.ReadWrite'] as const;
