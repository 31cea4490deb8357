/**
 * Defaults of the `mqtt` block, applied in code rather than in config.schema.json: the Homebridge form fills
 * schema defaults into the fields it shows, which would save an `mqtt` block (or start an embedded broker)
 * for every user who only opened the section.
 */
import type { MqttAction, MqttConfig } from './types.js';

type RawMqtt = Partial<Omit<MqttConfig, 'activity' | 'discovery' | 'commands' | 'embedded' | 'tls'>> & {
  activity?: Partial<MqttConfig['activity']>;
  discovery?: Partial<MqttConfig['discovery']>;
  commands?: Partial<MqttConfig['commands']>;
  embedded?: Partial<NonNullable<MqttConfig['embedded']>>;
  tls?: Partial<NonNullable<MqttConfig['tls']>>;
};

export function completeMqtt(raw: RawMqtt): MqttConfig {
  const { activity, discovery, commands, embedded, tls, ...rest } = raw;
  return {
    ...rest,
    protocolVersion: rest.protocolVersion ?? 5,
    baseTopic: rest.baseTopic ?? 'tedee',
    retain: rest.retain ?? true,
    activity: { ...activity, enabled: activity?.enabled ?? true },
    discovery: { enabled: discovery?.enabled ?? true, prefix: discovery?.prefix ?? 'homeassistant' },
    commands: {
      ...commands,
      enabled: commands?.enabled ?? false,
      actions: commands?.actions ?? (['lock'] as MqttAction[]),
      locks: commands?.locks ?? [],
    },
    ...(tls ? { tls: { ...tls, rejectUnauthorized: tls.rejectUnauthorized ?? true } } : {}),
    ...(embedded ? { embedded: { port: embedded.port ?? 1883, host: embedded.host ?? '127.0.0.1' } } : {}),
  };
}
