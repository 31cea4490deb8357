/**
 * The scripted day of `tedee-hub demo --scenario`: what happens at the house, scene by scene, and what each
 * front end should show for it. The day is the Saturday before the next daylight-saving change of the locks'
 * zone, so that its last scene (Sunday morning) is on the other side of the change.
 */
import { DateTime } from 'luxon';
import type { Key } from '../../core/keys/model.js';
import type { KeyServiceApi } from '../../core/keys/service/api.js';
import type { EmulatorControl } from '../../emulator/index.js';
import type { ApiEvent } from '../../runtime/demoWitness.js';
import { HOUSE } from './demoHouse.js';

/** The emulator's locks are in this zone. */
export const HOUSE_ZONE = 'Europe/Warsaw';

/** What a scene reads to tell whether a front end shows its effect: a description when it does. */
export interface SceneView {
  /** The retained MQTT state of a lock (`tedee/<slug>`), parsed, and its availability. */
  mqtt(slug: string): { state?: Record<string, unknown>; availability?: string };
  /** What the Home app shows for a lock (by name), when Homebridge runs. */
  hap?(name: string): Record<string, unknown> | undefined;
  /** The HTTP API's stream events since the scene began. */
  apiEvents(): ApiEvent[];
  /** What the demo's Node-RED flow published since the scene began (`node-red/...`), when Node-RED runs. */
  nodeRed?(): { topic: string; payload: Record<string, unknown> }[];
}

export type Check = (view: SceneView) => string | undefined;

export interface Scene {
  /** Local time in HOUSE_ZONE, `yyyy-MM-ddTHH:mm`. */
  at: string;
  title: string;
  act(): Promise<string>;
  /** Per front end, what it should show; a front end not named here is not expected to react. */
  expect: { mqtt?: Check; hap?: Check; api?: Check; nodeRed?: Check };
}

export interface DayContext {
  control: EmulatorControl;
  keys: KeyServiceApi;
  /** The emulated time now (epoch ms): the scenario's Saturday morning. */
  now: number;
}

/** The Saturday (yyyy-MM-dd) before the first daylight-saving change of HOUSE_ZONE after `now`. */
export function saturdayBeforeChange(now: number): DateTime {
  let day = DateTime.fromMillis(now, { zone: HOUSE_ZONE }).startOf('day').plus({ days: 2 });
  for (let i = 0; i < 400; i++, day = day.plus({ days: 1 })) {
    if (day.weekday === 6 && day.plus({ days: 1 }).endOf('day').offset !== day.offset) return day;
  }
  throw new Error(`${HOUSE_ZONE} has no daylight-saving change within a year`);
}

const mqttState =
  (slug: string, field: string, value: unknown): Check =>
  (view) =>
    view.mqtt(slug).state?.[field] === value ? `tedee/${slug} ${field} ${String(value)}` : undefined;

const hapValue =
  (name: string, field: string, value: unknown): Check =>
  (view) =>
    view.hap?.(name)?.[field] === value ? `${name} ${field} ${String(value)}` : undefined;

const apiState =
  (lockId: number, field: string, value: unknown): Check =>
  (view) => {
    const found = view.apiEvents().find(({ event, data }) => {
      const lock = data.lock as { id?: number; name?: string } | undefined;
      const current = data.current as Record<string, unknown> | undefined;
      return event === 'stateChanged' && lock?.id === lockId && current?.[field] === value;
    });
    return found && `stateChanged ${(found.data.lock as { name: string }).name} ${field} ${String(value)}`;
  };

/** The lock node's state output (every lock), as the flow publishes it on node-red/lock/state. */
const nodeRedState =
  (name: string, field: string, value: unknown): Check =>
  (view) =>
    view
      .nodeRed?.()
      .some(
        ({ topic, payload }) =>
          topic === 'node-red/lock/state' && payload.name === name && payload[field] === value,
      )
      ? `lock node: ${name} ${field} ${String(value)}`
      : undefined;

const apiEvent =
  (name: string, match: (data: Record<string, unknown>) => boolean, text: string): Check =>
  (view) =>
    view.apiEvents().some(({ event, data }) => event === name && match(data)) ? text : undefined;

const atDoor = (opened: boolean, reason?: string) =>
  opened ? 'the door opens' : `the door stays locked (${reason})`;

export function scriptedDay(context: DayContext): Scene[] {
  const { control, keys } = context;
  // The emulated clock started on the scenario's Saturday morning (scenarioStart).
  const saturday = DateTime.fromMillis(context.now, { zone: HOUSE_ZONE }).startOf('day');
  const date = saturday.toFormat('yyyy-MM-dd');
  const sunday = saturday.plus({ days: 1 }).toFormat('yyyy-MM-dd');
  const front = HOUSE.frontDoor;
  const owner = { issuer: 'demo', role: 'owner' as const };
  let cleanerCode = '';
  let guestCode = '';
  const issue = async (request: Record<string, unknown>) => {
    const key = (await keys.issue(request, owner, { reveal: true })) as Key;
    return key.persons[0]?.doorcode ?? '';
  };
  const keypad = async (code: string) => {
    const answer = await control.keypad(front.id, code);
    return atDoor(answer.opened, answer.reason);
  };
  const relock = () => control.physical(front.id, 'lock');
  /** What every front end shows once the Front Door is locked or unlocked. */
  const frontDoorSeen = (state: 'locked' | 'unlocked'): Scene['expect'] => ({
    mqtt: mqttState('front_door', 'state', state.toUpperCase()),
    hap: hapValue(front.name, 'state', state === 'locked' ? 'secured' : 'unsecured'),
    api: apiState(front.id, 'state', state),
    nodeRed: nodeRedState(front.name, 'state', state),
  });
  /** The Garage dropping off or coming back: the MQTT availability, the API event and the lock node follow. */
  const garageConnection = (at: string, title: string, connected: boolean): Scene => {
    const availability = connected ? 'online' : 'offline';
    return {
      at,
      title,
      act: async () => {
        await control.patchLock(HOUSE.garage.id, { connected });
        return availability;
      },
      expect: {
        mqtt: (view) =>
          view.mqtt('garage').availability === availability
            ? `tedee/garage/availability ${availability}`
            : undefined,
        api: apiEvent(
          'availabilityChanged',
          (data) => data.lockId === HOUSE.garage.id && data.available === connected,
          `availabilityChanged Garage ${availability}`,
        ),
        nodeRed: nodeRedState(HOUSE.garage.name, 'connected', connected),
      },
    };
  };
  return [
    {
      at: `${date}T08:00`,
      title: 'The cleaning staff get a doorcode for weekends, 10:00-12:00',
      act: async () => {
        cleanerCode = await issue({
          name: 'Cleaning staff',
          persons: [{ name: 'Cleo Cleaner', credentials: { doorcode: true } }],
          doors: [front.id],
          days: ['sat', 'sun'],
          hours: { from: '10:00', to: '12:00' },
          timeZone: HOUSE_ZONE,
        });
        return `code ${cleanerCode}`;
      },
      expect: { api: apiEvent('keyChanged', (data) => data.change === 'issued', 'keyChanged issued') },
    },
    {
      at: `${date}T10:30`,
      title: 'The cleaner types her code at the Front Door, in her window',
      act: () => keypad(cleanerCode),
      expect: frontDoorSeen('unlocked'),
    },
    {
      at: `${date}T13:00`,
      title: 'She comes back after her window',
      act: async () => {
        await relock();
        return keypad(cleanerCode);
      },
      expect: frontDoorSeen('locked'),
    },
    {
      at: `${date}T15:00`,
      title: 'A guest arrives with the code of her stay (today 15:00 to Monday 11:00)',
      act: async () => {
        guestCode = await issue({
          name: 'Stay of Gina Guest',
          persons: [{ name: 'Gina Guest', credentials: { doorcode: true } }],
          doors: [front.id],
          from: `${date}T15:00`,
          until: `${saturday.plus({ days: 2 }).toFormat('yyyy-MM-dd')}T11:00`,
          timeZone: HOUSE_ZONE,
        });
        return `code ${guestCode}: ${await keypad(guestCode)}`;
      },
      expect: frontDoorSeen('unlocked'),
    },
    {
      at: `${date}T17:00`,
      title: 'The Back Door jams',
      act: async () => {
        await control.jam(HOUSE.backDoor.id);
        return 'semi-locked, jammed';
      },
      expect: {
        mqtt: mqttState('back_door', 'state', 'JAMMED'),
        hap: hapValue(HOUSE.backDoor.name, 'state', 'jammed'),
        api: apiState(HOUSE.backDoor.id, 'jammed', true),
        nodeRed: nodeRedState(HOUSE.backDoor.name, 'jammed', true),
      },
    },
    // HAP shows "No Response" only after a sustained loss (docs/homebridge.md), so it is not expected here.
    garageConnection(`${date}T19:00`, 'The Garage loses its connection', false),
    garageConnection(`${date}T20:00`, 'The Garage is back', true),
    {
      at: `${date}T21:00`,
      title: "The Study's battery runs low",
      act: async () => {
        await control.patchLock(HOUSE.study.id, { batteryLevel: 8 });
        return 'battery 8 %';
      },
      expect: {
        mqtt: mqttState('study', 'battery', 8),
        hap: hapValue(HOUSE.study.name, 'lowBattery', true),
        api: apiState(HOUSE.study.id, 'battery', 8),
        nodeRed: nodeRedState(HOUSE.study.name, 'battery', 8),
      },
    },
    {
      at: `${date}T23:00`,
      title: 'The guest locks the Front Door for the night',
      act: async () => {
        await relock();
        return 'locked by hand';
      },
      expect: frontDoorSeen('locked'),
    },
    {
      at: `${sunday}T10:30`,
      title: 'Sunday, after the clocks changed overnight: the cleaner at 10:30 local time',
      act: () => keypad(cleanerCode),
      expect: frontDoorSeen('unlocked'),
    },
  ];
}

/** The scene's time as an instant (epoch ms). */
export function sceneInstant(scene: Scene): number {
  return DateTime.fromISO(scene.at, { zone: HOUSE_ZONE }).toMillis();
}

/** Where the scenario's emulated clock starts: 07:55 on its Saturday, before the first scene. */
export function scenarioStart(now: number): number {
  return saturdayBeforeChange(now).set({ hour: 7, minute: 55 }).toMillis();
}
