/**
 * The MQTT 5 response space (mqtt.commands.responseTopics) must never reach the hub's own topics: an answer
 * published on `<base>/bridge/state`, a lock's state or a discovery config would break Home Assistant (docs/mqtt.md,
 * "Response topics"). The config check refuses such filters; the command gate excludes these topics again at
 * run time, whatever the filters say.
 */
import type { MqttConfig } from './types.js';

/** Filters for every topic the hub publishes or reads: its bridge, each lock's topics, and discovery. */
export function ownTopicFilters(baseTopic: string, discoveryPrefix: string): string[] {
  return [
    `${baseTopic}/+`,
    `${baseTopic}/+/set`,
    `${baseTopic}/+/result`,
    `${baseTopic}/+/availability`,
    `${baseTopic}/bridge/#`,
    `${discoveryPrefix}/#`,
  ];
}

/** Whether some topic matches both MQTT topic filters (`#` also matches its parent level, as brokers match). */
export function filtersOverlap(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; ; i++) {
    const x = left[i];
    const y = right[i];
    if (x === '#' || y === '#') return true;
    if (x === undefined || y === undefined) return x === y || left[i + 1] === '#' || right[i + 1] === '#';
    if (x !== y && x !== '+' && y !== '+') return false;
  }
}

/**
 * A problem per response filter that could match one of the hub's own topics: anything under the discovery
 * prefix, and anything under the base topic other than `<base>/response/...` (so `#` too).
 */
export function responseTopicProblems(mqtt: MqttConfig): string[] {
  const { baseTopic } = mqtt;
  const prefix = mqtt.discovery.prefix;
  const safe = `${baseTopic}/response/`;
  return (mqtt.commands.responseTopics ?? []).flatMap((filter, index) => {
    const coversBase = filtersOverlap(filter, `${baseTopic}/#`) && !filter.startsWith(safe);
    if (!coversBase && !filtersOverlap(filter, `${prefix}/#`)) return [];
    return [
      `mqtt.commands.responseTopics[${index}]: covers the hub's own topics (${baseTopic}/... or ${prefix}/...); ` +
        `use filters under ${safe} or outside both`,
    ];
  });
}
