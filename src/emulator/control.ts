/**
 * The control API under /_emulator/ (loopback only, no key): what a test, a benchmark or a demo does to
 * the world that a real user would do at the door or in the Tedee app.
 */
import type { IncomingMessage } from 'node:http';
import type { DeviceSettings } from '../client/types.js';
import { acceptInvitations } from './accessRules.js';
import type { ClientVersions } from './apiVersions.js';
import { accessControlRoutes } from './controlAccess.js';
import { deviceControlRoutes } from './controlDevice.js';
import { timeControlRoutes } from './controlTime.js';
import type { DeviceLink } from './deviceLink.js';
import { typePin } from './doorAccess.js';
import type { FaultRule, Faults } from './faults.js';
import { faultRuleProblem } from './faults.js';
import { defaultDeviceSettings, generateWorld } from './generator.js';
import { badRequest } from './http/apiError.js';
import type { Fields } from './http/body.js';
import { asObject, optionalBoolean, text } from './http/body.js';
import { Query } from './http/query.js';
import type { Reply, Route } from './http/router.js';
import { Router } from './http/router.js';
import type { LockRunner, PhysicalAction } from './lockRunner.js';
import { PHYSICAL_ACTIONS } from './lockRunner.js';
import type { LockRecord } from './records.js';
import type { Stats } from './stats.js';
import type { World } from './world.js';

export interface ControlDependencies {
  world: World;
  runner: LockRunner;
  device: DeviceLink;
  faults: Faults;
  stats: Stats;
  versions: ClientVersions;
  speed: number;
  url: () => string;
  /** Resets world, faults, statistics and rate limits. */
  reset: () => void;
  /** Closes every open connection but `keep` (the caller's), as a load balancer's restart does; returns how many. */
  dropConnections: (keep: unknown) => number;
}

export interface ControlContext extends ControlDependencies {
  request: IncomingMessage;
  params: Record<string, string>;
  query: Query;
  body: unknown;
}

export type ControlRoute = Route<ControlContext>;

const ok = (result: unknown, status = 200): Reply => ({ status, result });

function setBoolean(fields: Fields, name: string, apply: (value: boolean) => void): void {
  if (fields[name] !== undefined) apply(optionalBoolean(fields, name, false));
}

function setNumber(
  fields: Fields,
  name: string,
  min: number,
  max: number,
  apply: (value: number) => void,
  extra: number[] = [],
): void {
  const value = fields[name];
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    ((value < min || value > max) && !extra.includes(value))
  ) {
    throw badRequest(
      `${name} must be a whole number from ${min} to ${max}${extra.length ? ` or ${extra.join(', ')}` : ''}.`,
    );
  }
  apply(value);
}

/** Changes as if made at the door or in the Tedee app. Name and settings changes bump the revision. */
function patchLock(context: ControlContext): Reply {
  const { world, runner } = context;
  const lock = world.lock(context.params.id!);
  const fields = asObject(context.body);
  const revisionBefore = JSON.stringify([lock.name, lock.deviceSettings, lock.keypadId, lock.doorSensorId]);
  if (fields.name !== undefined) lock.name = text(fields, 'name');
  setNumber(fields, 'batteryLevel', 0, 100, (value) => (lock.batteryLevel = value), [255]);
  setBoolean(fields, 'isCharging', (value) => runner.charger.set(lock, value));
  setBoolean(fields, 'connected', (value) => {
    if (!value) runner.interrupt(lock);
    lock.online = value;
    if (value) context.device.reconnected(lock);
  });
  setNumber(fields, 'state', 0, 18, (value) => runner.place(lock, value), [255]);
  setNumber(fields, 'accessLevel', 0, 2, (value) => (lock.accessLevel = value));
  setBoolean(fields, 'remoteAccessDisabled', (value) => (lock.remoteAccessDisabled = value));
  setBoolean(fields, 'keypad', (value) => (lock.keypadId = value ? 5000 + lock.id : null));
  setBoolean(fields, 'doorSensor', (value) => {
    lock.doorSensorId = value ? 8000 + lock.id : null;
    lock.doorState = value ? 3 : 0;
  });
  setBoolean(fields, 'jamNext', (value) => (lock.jamNext = value));
  // Settings changed at the lock (the Tedee app talks to it directly): the lock and the cloud both have them.
  const setting = <K extends keyof DeviceSettings>(name: K, value: DeviceSettings[K]) => {
    lock.deviceSettings[name] = value;
    lock.settingsOnLock[name] = value;
  };
  setBoolean(fields, 'pullSpringEnabled', (value) => setting('pullSpringEnabled', value));
  setBoolean(fields, 'autoPullSpringEnabled', (value) => setting('autoPullSpringEnabled', value));
  setNumber(fields, 'pullSpringDuration', 1, 60, (value) => setting('pullSpringDuration', value));
  if (fields.firmware !== undefined) lock.firmware = text(fields, 'firmware');
  if (JSON.stringify([lock.name, lock.deviceSettings, lock.keypadId, lock.doorSensorId]) !== revisionBefore)
    lock.revision++;
  return ok(lock);
}

function addLock(context: ControlContext): Reply {
  const { world } = context;
  const fields = context.body === undefined ? {} : asObject(context.body);
  const id = Math.max(100, ...world.locks.keys()) + 1;
  const [template] = generateWorld({ locks: 1, seed: id, now: world.clock.now() }).locks;
  const bridgeId = [...world.bridges.keys()][0] ?? null;
  const deviceSettings = defaultDeviceSettings(optionalBoolean(fields, 'pullSpringEnabled', true), 3);
  const lock: LockRecord = {
    ...template!,
    id,
    serialNumber: `20420103-${String(id).padStart(6, '0')}`,
    name: fields.name === undefined ? `Lock ${id}` : text(fields, 'name'),
    bridgeId,
    deviceSettings,
    settingsOnLock: { ...deviceSettings },
  };
  world.locks.set(id, lock);
  return ok(lock, 201);
}

function physical(context: ControlContext): Reply {
  const lock = context.world.lock(context.params.id!);
  const fields = asObject(context.body);
  const action = fields.action as PhysicalAction | 'keypad';
  if (action === 'keypad') {
    if (typeof fields.pin !== 'string' || fields.pin === '')
      throw badRequest('pin is required for the keypad action: the digits typed, as a string.');
    return ok(typePin(context.world, context.runner, lock, fields.pin));
  }
  if (!PHYSICAL_ACTIONS.includes(action))
    throw badRequest(`action must be one of ${[...PHYSICAL_ACTIONS, 'keypad'].join(', ')}.`);
  context.runner.physical(lock, action, optionalBoolean(fields, 'button', false));
  return ok(lock);
}

function setFaults(context: ControlContext, append: boolean): Reply {
  const fields = asObject(context.body);
  const rules = append ? [fields] : fields.rules;
  if (!Array.isArray(rules)) throw badRequest('rules must be a list of fault rules.');
  const problem = rules.map((rule, index) => faultRuleProblem(rule, index)).find(Boolean);
  if (problem) throw badRequest(problem);
  context.faults.set([...(append ? context.faults.list() : []), ...(rules as FaultRule[])]);
  return ok({ rules: context.faults.list() });
}

const routes: ControlRoute[] = [
  {
    method: 'GET',
    path: '/_emulator',
    handle: (c) =>
      ok({
        url: c.url(),
        speed: c.speed,
        now: c.world.nowIso(),
        locks: c.world.locks.size,
        bridges: c.world.bridges.size,
      }),
  },
  { method: 'GET', path: '/_emulator/stats', handle: (c) => ok(c.stats.summary()) },
  { method: 'POST', path: '/_emulator/stats/reset', handle: (c) => (c.stats.reset(), ok(c.stats.summary())) },
  {
    method: 'GET',
    path: '/_emulator/requests',
    handle: (c) => ok(c.stats.requests(c.query.int('since') ?? 0)),
  },
  { method: 'POST', path: '/_emulator/reset', handle: (c) => (c.reset(), ok({ reset: true })) },
  { method: 'GET', path: '/_emulator/clients', handle: (c) => ok(c.versions.list()) },
  {
    method: 'POST',
    path: '/_emulator/connections/drop',
    handle: (c) => ok({ dropped: c.dropConnections(c.request.socket) }),
  },
  { method: 'GET', path: '/_emulator/faults', handle: (c) => ok({ rules: c.faults.list() }) },
  { method: 'PUT', path: '/_emulator/faults', handle: (c) => setFaults(c, false) },
  { method: 'POST', path: '/_emulator/faults', handle: (c) => setFaults(c, true) },
  { method: 'DELETE', path: '/_emulator/faults', handle: (c) => (c.faults.clear(), ok({ rules: [] })) },
  { method: 'GET', path: '/_emulator/locks', handle: (c) => ok([...c.world.locks.values()]) },
  { method: 'POST', path: '/_emulator/locks', handle: addLock },
  { method: 'GET', path: '/_emulator/locks/{id}', handle: (c) => ok(c.world.lock(c.params.id!)) },
  { method: 'PATCH', path: '/_emulator/locks/{id}', handle: patchLock },
  {
    method: 'DELETE',
    path: '/_emulator/locks/{id}',
    handle: (c) => {
      c.runner.forget(c.world.lock(c.params.id!));
      c.world.removeLock(Number(c.params.id));
      return ok({ removed: Number(c.params.id) });
    },
  },
  { method: 'POST', path: '/_emulator/locks/{id}/physical', handle: physical },
  {
    method: 'POST',
    path: '/_emulator/locks/{id}/jam',
    handle: (c) => (c.runner.jam(c.world.lock(c.params.id!)), ok(c.world.lock(c.params.id!))),
  },
  { method: 'GET', path: '/_emulator/bridges', handle: (c) => ok([...c.world.bridges.values()]) },
  {
    method: 'PATCH',
    path: '/_emulator/bridges/{id}',
    handle: (c) => {
      const bridge = c.world.bridge(c.params.id!);
      const connected = optionalBoolean(asObject(c.body), 'connected', bridge.isConnected);
      const locks = [...c.world.locks.values()].filter((lock) => lock.bridgeId === bridge.id);
      if (!connected) locks.forEach((lock) => c.runner.interrupt(lock));
      bridge.isConnected = connected;
      if (connected) locks.forEach((lock) => c.device.reconnected(lock));
      return ok(bridge);
    },
  },
  {
    method: 'POST',
    path: '/_emulator/keys',
    handle: (c) => {
      const fields = c.body === undefined ? {} : asObject(c.body);
      const { record, key } = c.world.keys.create({
        name: fields.name as string | undefined,
        scopes: fields.scopes as string[] | undefined,
        validTo: fields.validTo as string | undefined,
      });
      return ok({ id: record.id, prefix: record.prefix, key, scopes: [...record.scopes] }, 201);
    },
  },
  {
    method: 'POST',
    path: '/_emulator/users',
    handle: (c) => {
      const fields = asObject(c.body);
      const email = text(fields, 'email');
      const user = c.world.userByEmail(email) ?? {
        id: c.world.random.uuid(),
        email,
        name: fields.name === undefined ? email : text(fields, 'name'),
      };
      c.world.users.set(email.toLowerCase(), user);
      return ok({ ...user, acceptedInvitations: acceptInvitations(c.world, email) }, 201);
    },
  },
  {
    method: 'GET',
    path: '/_emulator/pins/{id}',
    handle: (c) => ok([...c.world.pinBook(c.world.lock(c.params.id!).id).pins.values()]),
  },
];

export function createControlHandler(deps: ControlDependencies) {
  const router = new Router<ControlRoute>().add(
    ...routes,
    ...deviceControlRoutes,
    ...timeControlRoutes,
    ...accessControlRoutes,
  );
  return async (request: IncomingMessage, url: URL, body: unknown): Promise<Reply> => {
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const found = router.match(method, path);
    if (!found) return { status: 404, errorMessage: `No control route ${method} ${path}.` };
    return found.route.handle({
      ...deps,
      request,
      params: found.params,
      query: new Query(url.searchParams),
      body,
    });
  };
}
