/**
 * The hub's events as the API streams them: numbered, kept in a bounded ring (RING_SIZE) so that a client that
 * reconnects with `Last-Event-ID` gets what it missed during a short disconnect. Nothing secret is kept: keys
 * are masked (doorcodes and links) and a delivery loses its doorcode, link, message and contact details.
 */
import type { HubEvents, LockHub } from '../core/index.js';
import { shownKey } from './shown.js';

const RING_SIZE = 500;

export interface StreamEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
  /** The locks the event concerns, for applications limited to some locks; none = for everyone. */
  locks: number[];
}

type Listener = (event: StreamEvent) => void;

export class EventRing {
  private readonly ring: StreamEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private nextId = 1;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly hub: LockHub) {
    const on = <K extends keyof HubEvents>(
      name: K,
      view: (payload: HubEvents[K]) => Omit<StreamEvent, 'id' | 'event'>,
    ) => this.offs.push(hub.on(name, (payload) => this.push(name as string, view(payload))));
    on('stateChanged', ({ lock, previous, current }) => ({
      data: { lock, previous, current },
      locks: [lock.id],
    }));
    on('availabilityChanged', ({ lock, available, reason }) => ({
      data: { lockId: lock.id, available, reason },
      locks: [lock.id],
    }));
    on('commandStarted', ({ command }) => ({ data: { command }, locks: [command.lockId] }));
    on('commandFinished', ({ command, outcome, code, reason, lock }) => ({
      data: {
        command,
        outcome,
        ...(code ? { code } : {}),
        ...(reason ? { reason } : {}),
        ...(lock ? { state: lock.status.state } : {}),
      },
      locks: [command.lockId],
    }));
    on('healthChanged', ({ state, reason, code }) => ({ data: { state, reason, code }, locks: [] }));
    on('keyChanged', ({ key, change }) => ({
      data: { change, key: shownKey(key, false) },
      locks: key.doors,
    }));
    on('delivery', (delivery) => ({
      data: {
        key: delivery.key,
        personIndex: delivery.personIndex,
        person: { name: delivery.person.name },
        hasDoorcode: delivery.doorcode !== undefined,
        hasLink: delivery.link !== undefined,
        validity: delivery.validity,
        doors: delivery.doors,
      },
      locks: this.doorIds(delivery.doors),
    }));
  }

  /** Events after `lastId`, or undefined when some of them are no longer kept. */
  since(lastId: number): StreamEvent[] | undefined {
    const oldest = this.ring[0]?.id ?? this.nextId;
    if (lastId + 1 < oldest) return undefined;
    return this.ring.filter((event) => event.id > lastId);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
    this.listeners.clear();
  }

  private push(event: string, view: Omit<StreamEvent, 'id' | 'event'>): void {
    const entry: StreamEvent = { id: this.nextId++, event, ...view };
    this.ring.push(entry);
    if (this.ring.length > RING_SIZE) this.ring.shift();
    for (const listener of this.listeners) listener(entry);
  }

  /** A delivery names its doors; an unknown name concerns no lock an application could be limited to. */
  private doorIds(names: string[]): number[] {
    return names.map((name) => this.hub.lock(name)?.id ?? -1);
  }
}
