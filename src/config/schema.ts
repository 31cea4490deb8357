/**
 * config.schema.json is the single source of the configuration: the Homebridge UI form and this
 * validator read the same file. ajv checks it with allErrors; every problem becomes "path: message".
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { completeMqtt } from './mqttDefaults.js';
import { responseTopicProblems } from './responseSpace.js';
import { triage } from './tolerance.js';
import type { HubConfig } from './types.js';
import { describeJsonValue, readablePath } from '../util/jsonPath.js';

/** Keywords of the Homebridge UI that carry no validation meaning. */
const UI_KEYWORDS = ['x-schema-form', 'x-hint', 'placeholder', 'condition', 'titleMap'];

/** Keys the hosts add to a platform block: Homebridge (platform, _bridge) and HOOBS (plugin_map). */
const HOST_KEYS = ['platform', '_bridge', 'plugin_map'];

export interface SchemaFile {
  pluginAlias: string;
  pluginType: string;
  schema: { properties: Record<string, unknown> } & Record<string, unknown>;
  layout?: unknown[];
}

export function loadSchemaFile(): SchemaFile {
  return JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8')) as SchemaFile;
}

/** Problems are "path: message"; a warning also says what was ignored or used instead. */
export type ValidationResult =
  { ok: true; config: HubConfig; warnings: string[] } | { ok: false; errors: string[] };

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  for (const keyword of UI_KEYWORDS) ajv.addKeyword({ keyword });
  const { schema } = loadSchemaFile();
  const properties = { ...schema.properties, ...Object.fromEntries(HOST_KEYS.map((key) => [key, {}])) };
  compiled = ajv.compile({ ...schema, properties, additionalProperties: false });
  return compiled;
}

function format(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const parent: Record<string, unknown> | undefined = error.parentSchema;
  switch (error.keyword) {
    case 'required':
      return `${pathOf(error.instancePath, String(params.missingProperty))}: is required`;
    case 'additionalProperties': {
      const allowed = Object.keys((parent?.properties as object | undefined) ?? {}).filter(
        (key) => !HOST_KEYS.includes(key),
      );
      return `${pathOf(error.instancePath, String(params.additionalProperty))}: is not a known option (allowed: ${allowed.join(', ')})`;
    }
    case 'enum':
      return `${pathOf(error.instancePath)}: must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'type':
      return `${pathOf(error.instancePath)}: must be ${String(params.type)}, not ${describeJsonValue(error.data)}`;
    case 'pattern':
    case 'anyOf':
      return `${pathOf(error.instancePath)}: ${typeof parent?.['x-hint'] === 'string' ? parent['x-hint'] : (error.message ?? 'is not valid')}`;
    default:
      return `${pathOf(error.instancePath)}: ${error.message ?? 'is not valid'}`;
  }
}

/**
 * Drops the inner errors of anyOf/oneOf branches, the oneOf summaries (the enum says it better) and the
 * if/then summaries (the error inside `then` names the field).
 */
function meaningful(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter(
    (error) =>
      !/\/(anyOf|oneOf)\//.test(error.schemaPath) && error.keyword !== 'oneOf' && error.keyword !== 'if',
  );
}

/** The schema's top-level defaults, for saying which one is used instead of a bad value. */
function defaults(): Record<string, unknown> {
  const properties = loadSchemaFile().schema.properties as Record<string, { default?: unknown }>;
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, value.default]));
}

/**
 * Checks a configuration (a Homebridge platform block or a hub file). Returns the config with defaults
 * filled in and a warning per problem that disables only what it touches (tolerance.ts), or, when the key,
 * the API URL or the mqtt block is unusable, every such problem. All as "path: message"; the input is not
 * changed and values are never echoed.
 */
export function validateConfig(raw: unknown): ValidationResult {
  const config = structuredClone(raw);
  const validate = validator();
  let warnings: string[] = [];
  if (!validate(config)) {
    const found = triage(meaningful(validate.errors ?? []), config, raw, format, defaults());
    if (found.fatal.length > 0) return { ok: false, errors: found.fatal };
    warnings = found.warnings;
    // What the warnings ignore is gone: a second pass fills in the defaults in its place.
    if (!validate(config))
      return { ok: false, errors: [...new Set(meaningful(validate.errors ?? []).map(format))] };
  }
  const valid = config as HubConfig;
  // Defaults in code, as for mqtt: the Homebridge form would otherwise save a block for whoever opened it.
  if (valid.api)
    valid.api = { ...valid.api, port: valid.api.port ?? 8581, host: valid.api.host ?? '127.0.0.1' };
  const mqtt = valid.mqtt ? completeMqtt(valid.mqtt) : undefined;
  // A response space over the hub's own topics is fatal, like any bad mqtt block: MQTT guards doors.
  const unsafe = mqtt ? responseTopicProblems(mqtt) : [];
  if (unsafe.length > 0) return { ok: false, errors: unsafe };
  return { ok: true, config: mqtt ? { ...valid, mqtt } : valid, warnings };
}

function pathOf(pointer: string, child?: string): string {
  return readablePath(pointer, child) || '(config)';
}
