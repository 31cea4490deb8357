import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/core/events.js';

describe('EventBus', () => {
  it('delivers to every listener even when one throws or rejects, and reports the failures', async () => {
    const failures: string[] = [];
    const bus = new EventBus<{ tick: number }>((event, error) =>
      failures.push(`${event}: ${(error as Error).message}`),
    );
    const received: number[] = [];
    bus.on('tick', () => {
      throw new Error('sync bug');
    });
    bus.on('tick', () => Promise.reject(new Error('async bug')));
    bus.on('tick', (value) => void received.push(value));
    expect(() => bus.emit('tick', 1)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(received).toEqual([1]);
    expect(failures).toEqual(['tick: sync bug', 'tick: async bug']);
  });

  it('unsubscribes', () => {
    const bus = new EventBus<{ tick: number }>(() => undefined);
    const received: number[] = [];
    const off = bus.on('tick', (value) => void received.push(value));
    bus.emit('tick', 1);
    off();
    bus.emit('tick', 2);
    expect(received).toEqual([1]);
  });

  it('survives a failing error reporter', () => {
    const bus = new EventBus<{ tick: number }>(() => {
      throw new Error('reporter broke');
    });
    bus.on('tick', () => {
      throw new Error('bug');
    });
    expect(() => bus.emit('tick', 1)).not.toThrow();
  });
});
