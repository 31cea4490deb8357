/**
 * The emulated account: its keys, bridges, locks, users, PINs, accesses, activity and organization, all in
 * memory. Built from a seed, so a reset brings back exactly the same world (and the same master key).
 */
import type { Clock } from '../util/clock.js';
import { generateWorld } from './generator.js';
import { notFound } from './http/apiError.js';
import { KeyStore } from './keyStore.js';
import { SeededRandom } from './random.js';
import type {
  AccessLinkRecord,
  AccessRecord,
  ActivityRecord,
  BridgeRecord,
  LockRecord,
  OperationRecord,
  OrganizationRecord,
  PinRecord,
  UserRecord,
} from './records.js';

export interface WorldOptions {
  locks: number;
  seed: number;
  clock: Clock;
  /** Most PINs a lock accepts before answering 412. */
  pinLimit: number;
}

export type ActivityAuthor = Pick<ActivityRecord, 'userId' | 'userName' | 'source'>;

export interface PinBook {
  listVersion: number;
  nextId: number;
  pins: Map<number, PinRecord>;
}

const ACTIVITY_KEPT_PER_LOCK = 2000;
/** Mixed into the seed for the ids and timings drawn while the world runs. */
const RUNTIME_STREAM = 0x2545f491;
/** Operations kept for status reads; the oldest go first (Tedee documents no expiry of operation ids). */
const OPERATIONS_KEPT = 10_000;

export class World {
  readonly clock: Clock;
  readonly pinLimit: number;
  random!: SeededRandom;
  keys!: KeyStore;
  /** The key printed at start: every scope, valid for five years. */
  masterKey!: string;
  owner!: UserRecord;
  users = new Map<string, UserRecord>();
  bridges = new Map<number, BridgeRecord>();
  locks = new Map<number, LockRecord>();
  operations = new Map<string, OperationRecord>();
  activity = new Map<number, ActivityRecord[]>();
  /** Events of locks that could not reach the cloud when they happened, by lock. */
  private readonly heldActivity = new Map<number, Omit<ActivityRecord, 'id'>[]>();
  pins = new Map<number, PinBook>();
  access = new Map<number, AccessRecord[]>();
  organization!: OrganizationRecord;
  accessLinks = new Map<string, AccessLinkRecord>();
  private nextActivityId = 1;

  constructor(private readonly options: WorldOptions) {
    this.clock = options.clock;
    this.pinLimit = options.pinLimit;
    this.reset();
  }

  /** Back to the seeded state. Scheduled lock movements must be cancelled by the caller first. */
  reset(): void {
    const { seed, locks, clock } = this.options;
    // A stream of its own: the generator draws the owner's and the users' ids from SeededRandom(seed), so
    // drawing from the same stream here would hand the first new access the owner's id again.
    this.random = new SeededRandom(seed ^ RUNTIME_STREAM);
    this.keys = new KeyStore(clock, new SeededRandom(seed ^ 0x5eed));
    const fiveYears = new Date(clock.now() + 5 * 365 * 24 * 3_600_000).toISOString();
    this.masterKey = this.keys.create({ name: 'Emulator master key', validTo: fiveYears }).key;
    const seeded = generateWorld({ locks, seed, now: clock.now() });
    this.owner = seeded.owner;
    this.users = new Map(seeded.users.map((user) => [user.email.toLowerCase(), user]));
    this.bridges = new Map(seeded.bridges.map((bridge) => [bridge.id, bridge]));
    this.locks = new Map(seeded.locks.map((lock) => [lock.id, lock]));
    this.organization = seeded.organization;
    this.operations.clear();
    this.activity.clear();
    this.heldActivity.clear();
    this.pins.clear();
    this.access.clear();
    this.accessLinks.clear();
    this.nextActivityId = 1;
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  lock(id: number | string): LockRecord {
    const lock = this.locks.get(Number(id));
    if (!lock) throw notFound(`Lock ${id} not found.`);
    return lock;
  }

  bridge(id: number | string): BridgeRecord {
    const bridge = this.bridges.get(Number(id));
    if (!bridge) throw notFound(`Bridge ${id} not found.`);
    return bridge;
  }

  /** Reachable through its bridge; null when the lock is not paired with a bridge. */
  isConnected(lock: LockRecord): boolean | null {
    if (lock.bridgeId === null) return null;
    return lock.online && (this.bridges.get(lock.bridgeId)?.isConnected ?? false);
  }

  pinBook(lockId: number): PinBook {
    let book = this.pins.get(lockId);
    if (!book) {
      book = { listVersion: 1, nextId: 1, pins: new Map() };
      this.pins.set(lockId, book);
    }
    return book;
  }

  /** The PINs of a lock, without those whose endDate has passed: the cloud deletes them by itself. */
  livePins(lockId: number): PinBook {
    const book = this.pinBook(lockId);
    const now = this.clock.now();
    for (const [id, pin] of book.pins) {
      if (pin.endDate && Date.parse(pin.endDate) <= now) {
        book.pins.delete(id);
        book.listVersion++;
      }
    }
    return book;
  }

  accessList(deviceId: number): AccessRecord[] {
    let list = this.access.get(deviceId);
    if (!list) {
      list = [];
      this.access.set(deviceId, list);
    }
    return list;
  }

  userByEmail(email: string): UserRecord | undefined {
    return this.users.get(email.toLowerCase());
  }

  /** Appends an activity event; `byOwner` marks remote actions done with the account's key. */
  addActivity(deviceId: number, event: number, byOwner: boolean): void {
    this.addActivityBy(
      deviceId,
      event,
      byOwner
        ? { userId: 1, userName: this.owner.name, source: 1 }
        : { userId: null, userName: null, source: 0 },
    );
  }

  /**
   * Appends an activity event with its author: a PIN's alias, an access link's name, an app user. A lock that
   * cannot reach the cloud (its bridge or itself offline) keeps the event and sends it when it is back, with
   * the date it happened: the cloud then lists it among older ones (docs/emulator.md).
   */
  addActivityBy(deviceId: number, event: number, author: ActivityAuthor): void {
    const entry = { deviceId, ...author, event, date: this.nowIso() };
    const lock = this.locks.get(deviceId);
    if (lock && this.isConnected(lock) === false) {
      this.heldActivity.set(deviceId, [...(this.heldActivity.get(deviceId) ?? []), entry]);
      return;
    }
    this.storeActivity(entry);
  }

  /** The lock reaches the cloud again: the events it kept arrive now (new ids, their own dates). */
  deliverHeldActivity(deviceId: number): void {
    const held = this.heldActivity.get(deviceId) ?? [];
    this.heldActivity.delete(deviceId);
    for (const entry of held) this.storeActivity(entry);
  }

  private storeActivity(entry: Omit<ActivityRecord, 'id'>): void {
    const list = this.activity.get(entry.deviceId) ?? [];
    list.push({ id: this.nextActivityId++, ...entry });
    if (list.length > ACTIVITY_KEPT_PER_LOCK) list.splice(0, list.length - ACTIVITY_KEPT_PER_LOCK);
    this.activity.set(entry.deviceId, list);
  }

  /** An operation id is the epoch milliseconds of its creation, as a string, unique within the world. */
  newOperation(deviceId: number, type: number): OperationRecord {
    let id = this.clock.now();
    while (this.operations.has(String(id))) id++;
    const operation: OperationRecord = {
      operationId: String(id),
      deviceId,
      type,
      status: 'PENDING',
      result: 0,
    };
    this.operations.set(operation.operationId, operation);
    if (this.operations.size > OPERATIONS_KEPT) this.operations.delete(this.operations.keys().next().value!);
    return operation;
  }

  removeLock(id: number): void {
    this.lock(id);
    this.locks.delete(id);
    this.pins.delete(id);
    this.access.delete(id);
    this.activity.delete(id);
  }
}
