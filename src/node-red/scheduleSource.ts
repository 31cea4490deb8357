/**
 * Where a `tedee-schedule` node reads its schedule: a `tedee-profile` config node, or a key of the account's
 * key store. Both end as the key compiler's LocalSchedule, so the windows are the ones the door opens.
 *
 * The key source reads the key service the account node hosts (`account.keys`: its state's `service.show(id)`),
 * and reads again when the service starts, the account's health changes or the key changes.
 */
import { HubError } from '../core/index.js';
import type { Key, LocalSchedule } from '../core/keys/model.js';
import type { AccountNode } from './account.js';
import type { ProfileNode } from './profile.js';

export type SourceRead = { ok: true; schedule: LocalSchedule } | { ok: false; code: string; reason: string };

export interface ScheduleSource {
  /** What messages name the source by: `{profile: <name>}` or `{key: <id>}`. */
  readonly label: { profile: string } | { key: string };
  read(): SourceRead;
  /** Calls `changed` when the schedule may have changed; returns the unsubscribe function. */
  watch(changed: () => void): () => void;
}

export interface ScheduleSourceConfig {
  profile?: string;
  key?: string;
}

/** The source the settings name, or the settings problem naming the field. */
export function chooseSource(
  config: ScheduleSourceConfig,
  profile: ProfileNode | null,
  account: AccountNode | null,
): ScheduleSource | { code: string; reason: string } {
  const profileId = config.profile?.trim() || undefined;
  const keyId = config.key?.trim() || undefined;
  if (profileId && keyId)
    return { code: 'CONFIG_INVALID', reason: 'profile, key: set one of them, not both' };
  if (keyId) {
    if (!account)
      return { code: 'CONFIG_INVALID', reason: `account: needed to read key ${keyId}; pick a tedee-account` };
    return keySource(account, keyId);
  }
  if (!profileId)
    return { code: 'CONFIG_INVALID', reason: 'profile: none chosen; pick a tedee-profile or give a key id' };
  if (!profile)
    return { code: 'CONFIG_INVALID', reason: `profile: no tedee-profile node ${profileId} is deployed` };
  return profileSource(profile);
}

export function profileSource(node: ProfileNode): ScheduleSource {
  const name = node.profile?.name ?? node.name ?? node.id;
  return {
    label: { profile: name },
    read() {
      const profile = node.profile;
      if (!profile)
        return { ok: false, code: 'CONFIG_INVALID', reason: `profile ${name}: ${node.problems.join('; ')}` };
      if (!profile.timeZone)
        return {
          ok: false,
          code: 'CONFIG_INVALID',
          reason: `profile ${name}: timeZone: missing; a schedule needs the zone its hours are local to`,
        };
      return {
        ok: true,
        schedule: {
          timeZone: profile.timeZone,
          ...(profile.days ? { days: profile.days } : {}),
          ...(profile.hours ? { hours: profile.hours } : {}),
        },
      };
    },
    // A changed profile node is recreated by Node-RED, and so is every node that uses it.
    watch: () => () => undefined,
  };
}

export function keySource(account: AccountNode, id: string): ScheduleSource {
  return {
    label: { key: id },
    read() {
      const { service, problem } = account.keys.state();
      if (!service) {
        const health = account.health();
        if (health.state === 'failed')
          return {
            ok: false,
            code: health.code ?? 'CONFIG_INVALID',
            reason: `account: ${health.reason ?? 'failed'}`,
          };
        if (problem) return { ok: false, code: 'KEYS_OFF', reason: `account: keys are off: ${problem}` };
        return {
          ok: false,
          code: KEYS_STARTING,
          reason: `account: keys are starting; key ${id} is read when they run`,
        };
      }
      let key: Key;
      try {
        key = service.show(id);
      } catch (error) {
        if (error instanceof HubError)
          return { ok: false, code: error.code, reason: `key: ${error.message}` };
        throw error;
      }
      if (key.status === 'revoked' || key.status === 'failed')
        return { ok: false, code: 'KEY_INACTIVE', reason: `key ${id}: ${key.status}; it opens no door` };
      return { ok: true, schedule: key.schedule };
    },
    watch(changed) {
      // The watchers call back at once; the node has just looked, so only later calls matter.
      let subscribed = false;
      const later = () => {
        if (subscribed) changed();
      };
      const offs = [
        account.keys.watch(later),
        account.watchHealth(later),
        account.hub?.on('keyChanged', ({ key }) => {
          if (key.id === id) changed();
        }),
      ];
      subscribed = true;
      return () => {
        for (const off of offs) off?.();
      };
    },
  };
}

/** The code of a key source whose account's key service has not started yet: not an error, it will. */
export const KEYS_STARTING = 'KEYS_STARTING';
