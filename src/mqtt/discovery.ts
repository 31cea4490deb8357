/**
 * Home Assistant MQTT discovery: per lock a lock entity (or, when MQTT may not operate it, a read-only
 * binary sensor with device class lock), a battery sensor, a door binary sensor (when a door sensor is
 * paired) and a charging binary sensor, all on one device per lock, linked to one hub device. Retained; an
 * empty retained config removes an entity. Every id includes the base topic, so two mirrors on one broker
 * never merge (as zigbee2mqtt does).
 */
import type { Lock, LockAction } from '../core/index.js';
import { ACTIVITY_ACTIONS } from '../core/index.js';
import { slugify } from './topics.js';
import type { Topics } from './topics.js';

export interface DiscoveryContext {
  prefix: string;
  /** The mirror's base topic, part of every id. */
  base: string;
  topics: Topics;
  /** The hub device's identifier, which every lock device names as via_device. */
  hubId: string;
  version: string;
  /** The mirror publishes the locks' activity: each lock gets an event entity. */
  activity: boolean;
  /** A command code is configured: Home Assistant asks for it (the code itself is never published). */
  codeDigitsOnly?: boolean;
  codeRequired: boolean;
}

export interface DiscoveryMessage {
  topic: string;
  payload: Record<string, unknown>;
}

const ORIGIN_URL = 'https://github.com/homebridge-tedee-hub/homebridge-tedee-hub';

/** `<base topic>_<serial>`: with the default base topic `tedee_20420103_000001`, as before ids had the base. */
function nodeId(serialNumber: string, base: string): string {
  return `${slugify(base)}_${slugify(serialNumber)}`;
}

/** Every config topic a lock may have, for removal. */
export function discoveryTopics(serialNumber: string, prefix: string, base: string): string[] {
  const node = nodeId(serialNumber, base);
  return [
    `${prefix}/lock/${node}/lock/config`,
    `${prefix}/binary_sensor/${node}/lock/config`,
    `${prefix}/sensor/${node}/battery/config`,
    `${prefix}/binary_sensor/${node}/door/config`,
    `${prefix}/binary_sensor/${node}/charging/config`,
    `${prefix}/event/${node}/activity/config`,
  ];
}

function origin(context: DiscoveryContext) {
  return { name: 'homebridge-tedee-hub', sw_version: context.version, support_url: ORIGIN_URL };
}

function availability(context: DiscoveryContext, slug: string) {
  return {
    availability: [
      { topic: context.topics.bridgeState, value_template: '{{ value_json.state }}' },
      { topic: context.topics.availability(slug) },
    ],
    availability_mode: 'all',
  };
}

function device(lock: Lock, context: DiscoveryContext) {
  return {
    identifiers: [nodeId(lock.serialNumber, context.base)],
    name: lock.name,
    manufacturer: 'Tedee',
    model: lock.model,
    serial_number: lock.serialNumber,
    ...(lock.firmware ? { sw_version: lock.firmware } : {}),
    via_device: context.hubId,
  };
}

function lockEntity(
  lock: Lock,
  slug: string,
  context: DiscoveryContext,
  canOpen: boolean,
): Record<string, unknown> {
  // tojson quotes and escapes: a code with " or \ arrives intact.
  const code = context.codeRequired
    ? {
        code_format: context.codeDigitsOnly ? '^\\d+$' : '^\\S+$',
        command_template: '{{ {"action": value, "code": code} | tojson }}',
      }
    : {};
  return {
    name: null,
    unique_id: `${nodeId(lock.serialNumber, context.base)}_lock`,
    command_topic: context.topics.set(slug),
    state_topic: context.topics.state(slug),
    value_template: '{{ value_json.state }}',
    json_attributes_topic: context.topics.state(slug),
    payload_lock: 'LOCK',
    payload_unlock: 'UNLOCK',
    ...(canOpen ? { payload_open: 'OPEN' } : {}),
    state_locked: 'LOCKED',
    state_unlocked: 'UNLOCKED',
    state_locking: 'LOCKING',
    state_unlocking: 'UNLOCKING',
    state_jammed: 'JAMMED',
    state_open: 'OPEN',
    state_opening: 'OPENING',
    qos: 1,
    retain: false,
    ...code,
  };
}

/**
 * A lock MQTT may not operate: a binary sensor with device class lock (on = unlocked, as Home Assistant
 * defines it), so Home Assistant shows the state and offers no buttons that would only be refused.
 */
function readOnlyLockEntity(lock: Lock, slug: string, context: DiscoveryContext): Record<string, unknown> {
  return {
    name: null,
    unique_id: `${nodeId(lock.serialNumber, context.base)}_lock`,
    state_topic: context.topics.state(slug),
    value_template:
      "{% if value_json.state in ['LOCKED', 'UNLOCKING'] %}OFF{% elif value_json.state %}ON{% else %}None{% endif %}",
    json_attributes_topic: context.topics.state(slug),
    payload_on: 'ON',
    payload_off: 'OFF',
    device_class: 'lock',
    qos: 1,
  };
}

/** The discovery messages of one lock; the door sensor only when one is paired. */
export function lockDiscovery(
  lock: Lock,
  slug: string,
  context: DiscoveryContext,
  actions: readonly LockAction[],
): DiscoveryMessage[] {
  const [lockTopic, readOnlyTopic, batteryTopic, doorTopic, chargingTopic, activityTopic] = discoveryTopics(
    lock.serialNumber,
    context.prefix,
    context.base,
  ) as [string, string, string, string, string, string];
  const common = { ...availability(context, slug), device: device(lock, context), origin: origin(context) };
  const state = context.topics.state(slug);
  const node = nodeId(lock.serialNumber, context.base);
  const messages: DiscoveryMessage[] = [
    actions.length === 0
      ? { topic: readOnlyTopic, payload: { ...readOnlyLockEntity(lock, slug, context), ...common } }
      : {
          topic: lockTopic,
          payload: { ...lockEntity(lock, slug, context, actions.includes('open')), ...common },
        },
    {
      topic: batteryTopic,
      payload: {
        name: 'Battery',
        unique_id: `${node}_battery`,
        state_topic: state,
        value_template: '{{ value_json.battery }}',
        device_class: 'battery',
        unit_of_measurement: '%',
        state_class: 'measurement',
        entity_category: 'diagnostic',
        ...common,
      },
    },
    {
      topic: chargingTopic,
      payload: {
        name: 'Charging',
        unique_id: `${node}_charging`,
        state_topic: state,
        value_template: "{{ 'ON' if value_json.charging else 'OFF' }}",
        payload_on: 'ON',
        payload_off: 'OFF',
        device_class: 'battery_charging',
        entity_category: 'diagnostic',
        ...common,
      },
    },
  ];
  if (context.activity) {
    // Home Assistant's MQTT event entity: JSON with `event_type` (one of event_types), the other keys become
    // the event's attributes; a retained message is ignored (ours never are).
    messages.push({
      topic: activityTopic,
      payload: {
        name: 'Activity',
        unique_id: `${node}_activity`,
        state_topic: context.topics.activity(slug),
        event_types: [...ACTIVITY_ACTIONS],
        qos: 1,
        ...common,
      },
    });
  }
  if (lock.hasDoorSensor) {
    messages.push({
      topic: doorTopic,
      payload: {
        name: 'Door',
        unique_id: `${node}_door`,
        state_topic: state,
        value_template:
          "{% if value_json.door == 'open' %}ON{% elif value_json.door == 'closed' %}OFF{% else %}None{% endif %}",
        payload_on: 'ON',
        payload_off: 'OFF',
        device_class: 'door',
        ...common,
      },
    });
  }
  return messages;
}

/**
 * The hub's own device, with a connectivity sensor that says whether the Tedee cloud answers (the bridge
 * state's `cloud`); it is off as well when the hub itself is gone (the last will has no `cloud`).
 */
export function hubDiscovery(context: DiscoveryContext): DiscoveryMessage {
  return {
    topic: `${context.prefix}/binary_sensor/${context.hubId}/connectivity/config`,
    payload: {
      name: 'Connection',
      unique_id: `${context.hubId}_connectivity`,
      state_topic: context.topics.bridgeState,
      value_template: "{{ 'ON' if value_json.cloud == 'online' else 'OFF' }}",
      payload_on: 'ON',
      payload_off: 'OFF',
      device_class: 'connectivity',
      entity_category: 'diagnostic',
      device: {
        identifiers: [context.hubId],
        name: 'Tedee Hub',
        manufacturer: 'homebridge-tedee-hub',
        model: 'Tedee cloud hub',
        sw_version: context.version,
      },
      origin: origin(context),
    },
  };
}
