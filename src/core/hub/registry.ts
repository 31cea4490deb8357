/**
 * The hub's memory of every lock, and the one place that turns changes into events. Availability is
 * derived here: a lock is available while it is connected, listed in the account and the cloud is healthy.
 */
import type { EventBus } from '../events.js';
import type { Lock, LockInfo, LockStatus } from '../lock.js';
import { findLock, sameInfo, sameStatus } from '../lock.js';
import type { HubEvents } from './events.js';

export interface CloudHealth {
  healthy: boolean;
  /** Why the cloud counts as unhealthy, for the availability event. */
  reason: string;
}

export class LockRegistry {
  private readonly locks = new Map<number, Lock>();
  private health: CloudHealth = { healthy: true, reason: '' };
  /** Counts reads started and answers applied, to tell which answer is provably older than another. */
  private sequence = 0;
  private readonly appliedAt = new Map<number, number>();
  /** Locks missing from the account's lock list, with the reason shown while they are kept. */
  private readonly missing = new Map<number, string>();

  constructor(private readonly bus: EventBus<HubEvents>) {}

  get(id: number): Lock | undefined {
    const lock = this.locks.get(id);
    return lock && snapshot(lock);
  }

  status(id: number): LockStatus | undefined {
    return this.locks.get(id)?.status;
  }

  revision(id: number): number | undefined {
    return this.locks.get(id)?.revision;
  }

  has(id: number): boolean {
    return this.locks.has(id);
  }

  ids(): number[] {
    return [...this.locks.keys()];
  }

  all(): Lock[] {
    return [...this.locks.values()].map(snapshot);
  }

  find(reference: string | number): Lock | undefined {
    const lock = findLock(this.locks.values(), reference);
    return lock && snapshot(lock);
  }

  /** Marks the start of a read from the cloud; hand the mark to updateStatus/replaceAll with its answer. */
  beginRead(): number {
    return ++this.sequence;
  }

  /**
   * A full list from the cloud: adds and updates locks to match it, and returns the known locks it lacks.
   * It removes none: whether a lock left the account is decided over several lists (missingLocks.ts).
   */
  applyFullList(discovered: { info: LockInfo; status: LockStatus }[], readStarted = this.sequence): number[] {
    const seen = new Set<number>();
    for (const { info, status } of discovered) {
      seen.add(info.id);
      const existing = this.locks.get(info.id);
      if (!existing) {
        const lock: Lock = { ...info, status, available: this.isAvailable(info.id, status) };
        this.locks.set(info.id, lock);
        this.appliedAt.set(info.id, ++this.sequence);
        this.bus.emit('lockAdded', { lock: snapshot(lock) });
        continue;
      }
      if (!sameInfo(infoOf(existing), info)) {
        const previous = infoOf(existing);
        Object.assign(existing, info);
        this.bus.emit('lockUpdated', { lock: snapshot(existing), previous });
      }
      this.updateStatus(info.id, status, readStarted);
    }
    return this.ids().filter((known) => !seen.has(known));
  }

  /** Marks a lock missing from the lock list (unavailable, with `reason`), or present again (undefined). */
  setMissing(id: number, reason: string | undefined): void {
    const lock = this.locks.get(id);
    if (!lock) return;
    if (reason === undefined) this.missing.delete(id);
    else this.missing.set(id, reason);
    this.refreshAvailability(lock);
  }

  remove(id: number): void {
    const lock = this.locks.get(id);
    if (!lock) return;
    this.locks.delete(id);
    this.appliedAt.delete(id);
    this.missing.delete(id);
    this.bus.emit('lockRemoved', { lock: snapshot(lock) });
  }

  /**
   * A new status read from the cloud: emits stateChanged once per real change, then availability. The
   * cloud wins, even with an older lastStateChangedDate (it was restored, the emulator restarted, a clock
   * moved). Only an answer that is provably older is ignored: its read started before another answer for
   * this lock was applied (a poll under way while a command's own read came back), and it is older.
   */
  updateStatus(id: number, status: LockStatus, readStarted = this.sequence): void {
    const lock = this.locks.get(id);
    if (!lock) return;
    const previous = lock.status;
    const overtaken = (this.appliedAt.get(id) ?? 0) > readStarted;
    if (overtaken && isOlder(status.lastChanged, previous.lastChanged)) return;
    this.appliedAt.set(id, ++this.sequence);
    if (!sameStatus(previous, status)) {
      lock.status = status;
      this.bus.emit('stateChanged', { lock: snapshot(lock), previous, current: status });
    } else {
      lock.status = { ...lock.status, lastChanged: status.lastChanged };
    }
    this.refreshAvailability(lock);
  }

  setCloudHealth(health: CloudHealth): void {
    if (health.healthy === this.health.healthy) return;
    this.health = health;
    for (const lock of this.locks.values()) this.refreshAvailability(lock);
  }

  private isAvailable(id: number, status: LockStatus): boolean {
    return status.connected && this.health.healthy && !this.missing.has(id);
  }

  private refreshAvailability(lock: Lock): void {
    const available = this.isAvailable(lock.id, lock.status);
    if (available === lock.available) return;
    lock.available = available;
    const reason = available
      ? 'connected'
      : !this.health.healthy
        ? this.health.reason
        : (this.missing.get(lock.id) ?? 'the lock is not connected to its bridge');
    this.bus.emit('availabilityChanged', { lock: snapshot(lock), available, reason });
  }
}

function isOlder(candidate: string | null, known: string | null): boolean {
  return candidate !== null && known !== null && Date.parse(candidate) < Date.parse(known);
}

function snapshot(lock: Lock): Lock {
  return { ...lock, status: { ...lock.status } };
}

function infoOf(lock: Lock): LockInfo {
  const { status, available, ...info } = lock;
  return info;
}
