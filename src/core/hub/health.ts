/**
 * The hub's own health, one state for every front end: `starting` until the first discovery, `ok`,
 * `degraded` (running, but something needs attention: the cloud fails polls, the primary key was
 * rejected) and `failed` (the hub cannot work: every key rejected, or no discovery after the configured
 * failures). It changes only through `set`, which emits `healthChanged` once per real change.
 */
import type { HubErrorCode } from '../errors.js';
import type { EventBus } from '../events.js';
import type { HubEvents } from './events.js';

export type HealthState = 'starting' | 'ok' | 'degraded' | 'failed';

export interface HealthStatus {
  state: HealthState;
  /** Why the hub is not ok, for a person. */
  reason?: string;
  /** The stable code of the problem. */
  code?: HubErrorCode;
}

export class HubHealth {
  private current: HealthStatus = { state: 'starting' };

  constructor(private readonly bus: EventBus<HubEvents>) {}

  get status(): HealthStatus {
    return { ...this.current };
  }

  set(next: HealthStatus): void {
    const { state, reason, code } = this.current;
    if (next.state === state && next.reason === reason && next.code === code) return;
    this.current = { ...next };
    this.bus.emit('healthChanged', this.status);
  }
}
