import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/core/events.js';
import type { HubEvents } from '../../../src/core/hub/events.js';
import { LockRegistry } from '../../../src/core/hub/registry.js';
import type { LockInfo, LockStatus } from '../../../src/core/lock.js';

const info: LockInfo = {
  id: 1,
  serialNumber: 'S1',
  name: 'Door',
  model: 'Lock PRO',
  firmware: '1.0',
  timeZone: null,
  role: 'owner',
  remoteAccessDisabled: false,
  hasKeypad: false,
  hasDoorSensor: false,
  pullSpringEnabled: true,
  pullSpringDuration: 3,
  autoPullSpringEnabled: false,
  revision: 1,
};
const status = (state: LockStatus['state'], lastChanged: string): LockStatus => ({
  state,
  connected: true,
  battery: 50,
  charging: false,
  door: null,
  jammed: false,
  lastChanged,
});

describe('LockRegistry', () => {
  it('emits one stateChanged per real change and ignores a late answer provably older than another', () => {
    const bus = new EventBus<HubEvents>(() => undefined);
    const changes: string[] = [];
    bus.on('stateChanged', ({ current }) => void changes.push(current.state));
    const registry = new LockRegistry(bus);
    registry.applyFullList([{ info, status: status('locked', '2026-11-22T10:00:00Z') }]);
    const pollStarted = registry.beginRead();
    // A command's own read starts and comes back while the poll is under way.
    registry.updateStatus(1, status('unlocked', '2026-11-22T10:05:00Z'), registry.beginRead());
    registry.updateStatus(1, status('unlocked', '2026-11-22T10:05:00Z'), registry.beginRead());
    // The poll comes back late with the old state: started before the newer answer arrived, and older.
    registry.updateStatus(1, status('locked', '2026-11-22T10:00:00Z'), pollStarted);
    expect(changes).toEqual(['unlocked']);
    expect(registry.get(1)?.status.state).toBe('unlocked');
    registry.updateStatus(
      1,
      { ...status('unlocked', '2026-11-22T10:05:00Z'), battery: 49 },
      registry.beginRead(),
    );
    expect(registry.get(1)?.status.battery).toBe(49);
  });

  it('the cloud wins when a read started later says older: the cloud was restored or its clock moved', () => {
    const bus = new EventBus<HubEvents>(() => undefined);
    const changes: string[] = [];
    bus.on('stateChanged', ({ current }) => void changes.push(current.state));
    const registry = new LockRegistry(bus);
    registry.applyFullList([{ info, status: status('unlocked', '2026-11-22T10:05:00Z') }]);
    registry.updateStatus(1, status('locked', '2026-11-22T09:00:00Z'), registry.beginRead());
    expect(changes).toEqual(['locked']);
    const fullRead = registry.beginRead();
    registry.applyFullList([{ info, status: status('unlocked', '2026-11-21T08:00:00Z') }], fullRead);
    expect(registry.get(1)?.status.state).toBe('unlocked');
  });

  it('makes locks unavailable when the cloud is unhealthy and available again after', () => {
    const bus = new EventBus<HubEvents>(() => undefined);
    const events: boolean[] = [];
    bus.on('availabilityChanged', ({ available }) => void events.push(available));
    const registry = new LockRegistry(bus);
    registry.applyFullList([{ info, status: status('locked', '2026-11-22T10:00:00Z') }]);
    registry.setCloudHealth({ healthy: false, reason: 'down' });
    registry.setCloudHealth({ healthy: true, reason: '' });
    expect(events).toEqual([false, true]);
  });
});
