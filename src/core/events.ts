/**
 * A typed event bus. A listener that throws (or rejects) is reported to `onListenerError` and never
 * reaches the emitter: a bug in one front end cannot stop the hub or the other front ends.
 */
export type Listener<T> = (payload: T) => void | Promise<void>;

export class EventBus<Events extends Record<string, unknown>> {
  // Listeners of different events have different payload types; each set holds one event's listeners.
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (event: string, error: unknown) => void) {}

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        const result = (listener as Listener<Events[K]>)(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.report(event, error));
      } catch (error) {
        this.report(event, error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }

  private report(event: keyof Events, error: unknown): void {
    try {
      this.onListenerError(String(event), error);
    } catch {
      // The error reporter itself failed; there is nobody left to tell.
    }
  }
}
