/**
 * Home Assistant MQTT discovery: per lock a lock entity, a battery sensor, a door binary sensor (when a door
 * sensor is paired) and a charging binary sensor, all on one device per lock, linked to one hub device.
 * Retained; an empty retained config removes an entity.
 */
import type { Lock } from '../core/index.js';
import { slugify } from './topics.js';
import type { Topics } from './topics.js';

export interface DiscoveryContext {
  prefix: string;
  topics: Topics;
  /** The hub device's identifier, which every lock device names as via_device. */
  hubId: string;
  version: string;
  /** A command code is configured: Home Assistant asks for it (the code itself is never published). */
  codeDigitsOnly?: boolean;
  codeRequired: boolean;
}

export interface DiscoveryMessage {
  topic: string;
  payload: Record<string, unknown>;
}

const ORIGIN_URL = 'https://github.com/homebridge-tedee-hub/homebridge-tedee-hub';

function nodeId(serialNumber: string): string {
  return `tedee_${slugify(serialNumber)}`;
}

/** Every config topic a lock may have, for removal. */
export function discoveryTopics(serialNumber: string, prefix: string): string[] {
  const node = nodeId(serialNumber);
  return [
    `${prefix}/lock/${node}/lock/config`,
    `${prefix}/sensor/${node}/battery/config`,
    `${prefix}/binary_sensor/${node}/door/config`,
    `${prefix}/binary_sensor/${node}/charging/config`,
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
    identifiers: [nodeId(lock.serialNumber)],
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
  const code = context.codeRequired
    ? {
        code_format: context.codeDigitsOnly ? '^\\d+$' : '^\\S+$',
        command_template: '{"action": "{{ value }}", "code": "{{ code }}"}',
      }
    : {};
  return {
    name: null,
    unique_id: `${nodeId(lock.serialNumber)}_lock`,
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

/** The discovery messages of one lock; the door sensor only when one is paired. */
export function lockDiscovery(
  lock: Lock,
  slug: string,
  context: DiscoveryContext,
  canOpen: boolean,
): DiscoveryMessage[] {
  const [lockTopic, batteryTopic, doorTopic, chargingTopic] = discoveryTopics(
    lock.serialNumber,
    context.prefix,
  ) as [string, string, string, string];
  const common = { ...availability(context, slug), device: device(lock, context), origin: origin(context) };
  const state = context.topics.state(slug);
  const messages: DiscoveryMessage[] = [
    { topic: lockTopic, payload: { ...lockEntity(lock, slug, context, canOpen), ...common } },
    {
      topic: batteryTopic,
      payload: {
        name: 'Battery',
        unique_id: `${nodeId(lock.serialNumber)}_battery`,
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
        unique_id: `${nodeId(lock.serialNumber)}_charging`,
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
  if (lock.hasDoorSensor) {
    messages.push({
      topic: doorTopic,
      payload: {
        name: 'Door',
        unique_id: `${nodeId(lock.serialNumber)}_door`,
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

/** The hub's own device, with a connectivity sensor on the bridge state; the locks link to it. */
export function hubDiscovery(context: DiscoveryContext): DiscoveryMessage {
  return {
    topic: `${context.prefix}/binary_sensor/${context.hubId}/connectivity/config`,
    payload: {
      name: 'Connection',
      unique_id: `${context.hubId}_connectivity`,
      state_topic: context.topics.bridgeState,
      value_template: "{{ 'ON' if value_json.state == 'online' else 'OFF' }}",
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
