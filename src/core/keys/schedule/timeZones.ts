/**
 * Whether a name is an IANA time zone, as luxon's `IANAZone.isValidZone`, remembered for the names that are.
 * luxon asks `Intl` again at every call (a new DateTimeFormat), and a key list checks each key's zone: with 200
 * keys that was the largest part of `GET /api/v1/keys` (bench/api.ts). Only valid names are remembered, in
 * lower case (Intl takes them in any case): a few hundred zones and the UTC offsets, so the set stays small
 * whatever names clients send, while an invalid name (refused anyway) is asked again each time, never kept.
 */
import { IANAZone } from 'luxon';

const knownZones = new Set<string>();

export function isTimeZone(name: string): boolean {
  const known = name.toLowerCase();
  if (knownZones.has(known)) return true;
  if (!IANAZone.isValidZone(name)) return false;
  knownZones.add(known);
  return true;
}
