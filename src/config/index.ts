export { loadSchemaFile, validateConfig } from './schema.js';
export { filtersOverlap, ownTopicFilters } from './responseSpace.js';
export type { SchemaFile, ValidationResult } from './schema.js';
export type {
  ApiConfig,
  DeliveryConfig,
  HubConfig,
  LockConfig,
  SmtpConfig,
  MqttAction,
  MqttConfig,
  UnlatchMode,
} from './types.js';
