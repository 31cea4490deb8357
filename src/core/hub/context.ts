/**
 * What the hub's parts share, as one typed object: the state engine, the command pipeline and every core
 * service to come (the key service) are built from it. Read-only: a service reads settings and uses the
 * ports, it never swaps them.
 */
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { EventBus } from '../events.js';
import type { Capabilities } from './capabilities.js';
import type { Credentials } from './credentials.js';
import type { HubEvents } from './events.js';
import type { HubHealth } from './health.js';
import type { HubSettings } from './settings.js';

export interface HubContext {
  /** The settings, keys masked; `settings.dataDir` is the hub's data folder (unset: nothing is kept). */
  readonly settings: Readonly<HubSettings>;
  /** The account's keys; `credentials.use(call)` runs a cloud call with the active key. */
  readonly credentials: Credentials;
  /** What the key may do (scopes). */
  readonly capabilities: Capabilities;
  readonly bus: EventBus<HubEvents>;
  readonly health: HubHealth;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Freezes the object so that a service cannot replace a shared part by accident. */
export function hubContext(parts: HubContext): HubContext {
  return Object.freeze({ ...parts, settings: Object.freeze({ ...parts.settings }) });
}
