export { loadSchemaFile, validateConfig } from './schema.js';
export type { SchemaFile, ValidationResult } from './schema.js';
export type { HubConfig, LockConfig, MqttAction, MqttConfig, UnlatchMode } from './types.js';
