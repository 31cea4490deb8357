/** The validated configuration, as config.schema.json describes it (defaults filled in). */

export type UnlatchMode = 'none' | 'switch' | 'latch' | 'onUnlock';

export interface LockConfig {
  serialNumber?: string;
  name?: string;
  hidden?: boolean;
  allowUnlock?: boolean;
  allowOpen?: boolean;
  unlockMode?: 0 | 2 | 3 | 4;
  unlatch?: UnlatchMode;
}

export type MqttAction = 'lock' | 'unlock' | 'open';

export interface MqttConfig {
  url?: string;
  username?: string;
  password?: string;
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  clientId?: string;
  protocolVersion: 4 | 5;
  baseTopic: string;
  retain: boolean;
  /** Door activity on `<base>/<lock>/activity` (docs/mqtt.md): on by default; `interval` in seconds. */
  activity: { enabled: boolean; interval?: number };
  discovery: { enabled: boolean; prefix: string };
  commands: {
    enabled: boolean;
    actions: MqttAction[];
    locks: { serialNumber?: string; name?: string; actions: MqttAction[] }[];
    code?: string;
    /** Topic filters an MQTT 5 response topic must match; default `<baseTopic>/response/#`. */
    responseTopics?: string[];
  };
  embedded?: { port: number; host: string };
}

/** An SMTP server for delivering keys by email (docs/keys.md, "Delivery"). */
export interface SmtpConfig {
  host: string;
  /** Default 587 (STARTTLS), or 465 when `secure`. */
  port?: number;
  /** TLS from the first byte (port 465); false = STARTTLS when the server offers it. */
  secure?: boolean;
  username?: string;
  password?: string;
  /** The sender, "Name <address>" or an address. */
  from: string;
  /** Connection, greeting and each socket wait, in ms (default 15000). */
  timeoutMs?: number;
}

export interface DeliveryConfig {
  webhook?: {
    url: string;
    /** Signs each body with HMAC-SHA256 (docs/keys.md, "Delivery"). */
    secret?: string;
    /** The deadline of one POST, in ms (default 10000). */
    timeoutMs?: number;
  };
  /** The email subject; placeholders as in `template`. */
  subject?: string;
  /** The message body with {{placeholders}}; default: the English template. */
  template?: string;
}

/** The HTTP API and Keys page (docs/api.md); defaults filled in by validateConfig (schema.ts). */
export interface ApiConfig {
  port: number;
  host: string;
  /** PEM files: HTTPS. */
  tls?: { cert: string; key: string };
  /** Behind a reverse proxy: the client address comes from X-Forwarded-For. */
  trustProxy?: boolean;
}

export interface HubConfig {
  /** Set by Homebridge for a platform block. */
  platform?: string;
  name?: string;
  personalAccessKey: string;
  secondaryAccessKey?: string;
  apiUrl: string;
  pollInterval: number;
  requestBudgetPerHour: number;
  unavailableAfterFailures: number;
  commandTimeout: number;
  lowBatteryThreshold: number;
  /** The hub's own data folder; each host fills in its default (see HubSettings.dataDir). */
  dataDir?: string;
  locks: LockConfig[];
  mqtt?: MqttConfig;
  smtp?: SmtpConfig;
  delivery?: DeliveryConfig;
  api?: ApiConfig;
}
