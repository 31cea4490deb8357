/** The MQTT front end: the state mirror with Home Assistant discovery, and the embedded broker. */
export { MqttMirror, defaultClientId } from './mirror.js';
export type { MirrorOptions } from './mirror.js';
export { EMBEDDED_MAX_PACKET_BYTES, embeddedBrokerProblem, startEmbeddedBroker } from './embeddedBroker.js';
export type { EmbeddedBroker, EmbeddedBrokerOptions } from './embeddedBroker.js';
export { Topics, matchesFilter } from './topics.js';
