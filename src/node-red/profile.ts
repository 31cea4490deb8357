/**
 * The `tedee-profile` config node: a reusable access profile (access level, remote access, weekdays, hours,
 * time zone) that `tedee-key` issues keys with and `tedee-schedule` watches. It holds no secret and starts
 * nothing: it turns the editor's fields into the key service's Profile, checked by the same validator as
 * the CLI's and the API's profiles, so a bad value gets the same message naming the field.
 */
import type { Profile } from '../core/index.js';
import { validateProfile } from '../core/index.js';
import type { Node, NodeRedApi } from './red.js';

export const PROFILE_TYPE = 'tedee-profile';

export interface ProfileConfig {
  id: string;
  name?: string;
  accessLevel?: string;
  remoteAccess?: boolean | string;
  /** Weekdays, `mon`...`sun`; an array from the editor, or text "mon,tue" from a hand-written flow. */
  days?: string[] | string;
  /** Daily hours "HH:MM"; both empty = all day. */
  from?: string;
  to?: string;
  timeZone?: string;
}

/** What the nodes that use a profile see of it. */
export interface ProfileNode extends Node {
  /** The profile, or undefined when a field is invalid (then `problems` says which and why). */
  profile: Profile | undefined;
  problems: string[];
}

export default function registerProfile(RED: NodeRedApi): void {
  function TedeeProfile(this: ProfileNode, config: ProfileConfig): void {
    RED.nodes.createNode(this, config);
    const read = readProfileConfig(config);
    this.profile = read.ok ? read.profile : undefined;
    this.problems = read.ok ? [] : read.errors;
    if (!read.ok) this.error(`Profile settings: ${read.errors.join('; ')}`);
  }
  RED.nodes.registerType(PROFILE_TYPE, TedeeProfile as never);
}

export function readProfileConfig(
  config: ProfileConfig,
): { ok: true; profile: Profile } | { ok: false; errors: string[] } {
  const from = text(config.from);
  const to = text(config.to);
  const days = readDays(config.days);
  const input: Record<string, unknown> = {
    name: text(config.name) ?? config.id,
    accessLevel: text(config.accessLevel) ?? 'guest',
  };
  // Absent: the profile schema's default (remote access on), as for a profile given to the CLI or the API.
  if (config.remoteAccess !== undefined && config.remoteAccess !== '')
    input.remoteAccess = config.remoteAccess === true || config.remoteAccess === 'true';
  if (days) input.days = days;
  // One end of the hours without the other is a mistake the validator names; both empty means all day.
  if (from !== undefined || to !== undefined) input.hours = { from: from ?? '', to: to ?? '' };
  const timeZone = text(config.timeZone);
  if (timeZone) input.timeZone = timeZone;
  const result = validateProfile(input);
  return result.ok ? { ok: true, profile: result.profile } : { ok: false, errors: result.errors };
}

function readDays(days: string[] | string | undefined): string[] | undefined {
  const list = typeof days === 'string' ? days.split(',') : days;
  const cleaned = (list ?? []).map((day) => day.trim()).filter(Boolean);
  return cleaned.length > 0 ? cleaned : undefined;
}

function text(value: string | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
}
