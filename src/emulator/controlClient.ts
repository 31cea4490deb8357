/**
 * A small client for the emulator's control API, used by the demo, the benchmarks and the tests to act
 * on the emulated world as a person at the door or in the Tedee app would.
 */
import type { ClientVersion } from './apiVersions.js';
import type { DeviceAnswer, DeviceTiming, PlannedAnswer } from './deviceLink.js';
import type { DoorAnswer } from './doorAccess.js';
import type { FaultRule } from './faults.js';
import type { PhysicalAction } from './lockRunner.js';
import type { LockRecord, PinRecord } from './records.js';
import type { RequestLogEntry } from './stats.js';

export interface StatsSummary {
  total: number;
  since: string;
  now: string;
  statuses: Record<string, number>;
  byRoute: Record<string, { count: number; statuses: Record<string, number> }>;
}

export type LockPatch = Partial<{
  name: string;
  batteryLevel: number;
  isCharging: boolean;
  connected: boolean;
  state: number;
  accessLevel: number;
  remoteAccessDisabled: boolean;
  keypad: boolean;
  doorSensor: boolean;
  jamNext: boolean;
  pullSpringEnabled: boolean;
  autoPullSpringEnabled: boolean;
  pullSpringDuration: number;
  firmware: string;
}>;

export interface EmulatedTime {
  now: number;
  iso: string;
  speed: number;
  advancedMs?: number;
}

export class EmulatorControl {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok)
      throw new Error(`${method} /_emulator${path}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed as T;
  }

  locks = () => this.call<LockRecord[]>('GET', '/locks');
  lock = (id: number) => this.call<LockRecord>('GET', `/locks/${id}`);
  patchLock = (id: number, patch: LockPatch) => this.call<LockRecord>('PATCH', `/locks/${id}`, patch);
  addLock = (name?: string) => this.call<LockRecord>('POST', '/locks', name === undefined ? {} : { name });
  removeLock = (id: number) => this.call<unknown>('DELETE', `/locks/${id}`);
  physical = (id: number, action: PhysicalAction, button = false) =>
    this.call<LockRecord>('POST', `/locks/${id}/physical`, { action, button });
  jam = (id: number) => this.call<LockRecord>('POST', `/locks/${id}/jam`);
  setBridge = (id: number, connected: boolean) =>
    this.call<unknown>('PATCH', `/bridges/${id}`, { connected });
  setFaults = (rules: FaultRule[]) => this.call<unknown>('PUT', '/faults', { rules });
  addFault = (rule: FaultRule) => this.call<unknown>('POST', '/faults', rule);
  clearFaults = () => this.call<unknown>('DELETE', '/faults');
  faults = () => this.call<{ rules: FaultRule[] }>('GET', '/faults');
  /** The device latency and timeout (emulated ms), and the locks with a write on its way. */
  deviceTiming = () => this.call<DeviceTiming & { busyLocks: number[] }>('GET', '/device');
  setDeviceTiming = (timing: Partial<DeviceTiming>) =>
    this.call<DeviceTiming & { busyLocks: number[] }>('PATCH', '/device', timing);
  /** The next `count` PIN or access writes to the lock get 408 (`timeout`) or 409 (`busy`). */
  deviceAnswers = (id: number, plan: { answer: DeviceAnswer; count?: number; reached?: boolean }) =>
    this.call<{ lockId: number; planned: PlannedAnswer[] }>('POST', `/locks/${id}/device-answers`, plan);
  stats = () => this.call<StatsSummary>('GET', '/stats');
  resetStats = () => this.call<StatsSummary>('POST', '/stats/reset');
  requests = (since = 0) => this.call<RequestLogEntry[]>('GET', `/requests?since=${since}`);
  reset = () => this.call<unknown>('POST', '/reset');
  /** Closes every open connection to the emulator but this call's, as a load balancer's restart does. */
  dropConnections = () => this.call<{ dropped: number }>('POST', '/connections/drop');
  /** Each client (key prefix and User-Agent) with the API version it uses and that version's standing. */
  clients = () => this.call<ClientVersion[]>('GET', '/clients');
  createKey = (input: { scopes?: string[]; validTo?: string; name?: string } = {}) =>
    this.call<{ id: string; prefix: string; key: string; scopes: string[] }>('POST', '/keys', input);
  addUser = (email: string, name?: string) =>
    this.call<{ id: string; acceptedInvitations: number }>('POST', '/users', { email, name });
  time = () => this.call<EmulatedTime>('GET', '/time');
  /** Moves emulated time forward to `at` (ISO) or by `advanceMs`; timers the jump passes fire. */
  setTime = (jump: { at: string } | { advanceMs: number }) => this.call<EmulatedTime>('POST', '/time', jump);
  /** The PINs the lock holds now, values included (expired ones are gone). */
  pins = (id: number) => this.call<PinRecord[]>('GET', `/pins/${id}`);
  /** Someone types `pin` on the lock's keypad. */
  keypad = (id: number, pin: string) =>
    this.call<DoorAnswer>('POST', `/locks/${id}/physical`, { action: 'keypad', pin });
  /** An invited user locks or unlocks from the Tedee app. */
  operate = (email: string, lockId: number, action: 'lock' | 'unlock') =>
    this.call<DoorAnswer>('POST', `/users/${encodeURIComponent(email)}/operate`, { lockId, action });
}
