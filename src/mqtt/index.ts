/** The MQTT front end: the state mirror with Home Assistant discovery, and the embedded broker. */
export { MqttMirror, defaultClientId } from './mirror.js';
export type { MirrorOptions } from './mirror.js';
export { startEmbeddedBroker } from './embeddedBroker.js';
export type { EmbeddedBroker } from './embeddedBroker.js';
