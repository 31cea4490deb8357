/** Words for what the API returns: lock states, battery, key and door statuses, schedules. Pure. */

const LOCK_STATES = {
  locked: 'Locked',
  unlocked: 'Unlocked',
  locking: 'Locking…',
  unlocking: 'Unlocking…',
  opening: 'Opening…',
  open: 'Open (latch pulled)',
  semi_locked: 'Half locked',
  jammed: 'Jammed',
  unknown: 'Unknown',
};

export function lockStateText(lock) {
  const status = lock.status ?? {};
  if (lock.available === false || status.connected === false) return 'Offline';
  if (status.jammed) return 'Jammed';
  return LOCK_STATES[status.state] ?? 'Unknown';
}

/** A CSS class per state family, for the badge colour (never the only signal: the text says it too). */
export function lockStateTone(lock) {
  const status = lock.status ?? {};
  if (lock.available === false || status.connected === false || status.jammed) return 'bad';
  if (status.state === 'locked') return 'good';
  if (status.state === 'unlocked' || status.state === 'open' || status.state === 'semi_locked') return 'warn';
  return 'neutral';
}

export function batteryText(status = {}) {
  const level = status.battery;
  if (typeof level !== 'number') return 'Battery unknown';
  return `Battery ${level} %${status.charging ? ', charging' : ''}`;
}

export function doorText(status = {}) {
  if (status.door === 'open') return 'Door open';
  if (status.door === 'closed') return 'Door closed';
  return null;
}

export function keyStatusTone(status) {
  if (status === 'active') return 'good';
  if (status === 'pending' || status === 'scheduled') return 'warn';
  if (status === 'failed') return 'bad';
  return 'neutral';
}

const WORST_FIRST = ['failed', 'waiting', 'setting', 'removing', 'set', 'removed'];

/** Per door of a key: `[{lockId, status, parts: [{kind, person, status, reason}]}]`, the door's worst status first. */
export function doorStatuses(key) {
  const byDoor = new Map((key.doors ?? []).map((lockId) => [lockId, []]));
  for (const object of key.objects ?? []) {
    if (!byDoor.has(object.lockId)) byDoor.set(object.lockId, []);
    byDoor.get(object.lockId).push(object);
  }
  return [...byDoor].map(([lockId, objects]) => {
    const statuses = objects.map((object) => object.status);
    const status = WORST_FIRST.find((candidate) => statuses.includes(candidate)) ?? 'none';
    return { lockId, status, parts: objects };
  });
}

const DAY_NAMES = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "2027-01-11 15:00 – 2027-01-14 11:00, Mon Tue 09:00–17:00 (Europe/Warsaw)". */
export function scheduleText(schedule = {}) {
  const local = (value) => value.replace('T', ' ');
  const period =
    schedule.from && schedule.until
      ? `${local(schedule.from)} – ${local(schedule.until)}`
      : schedule.from
        ? `from ${local(schedule.from)}`
        : schedule.until
          ? `until ${local(schedule.until)}`
          : 'no end date';
  const days = schedule.days?.length ? schedule.days.map((day) => DAY_NAMES[day] ?? day).join(' ') : '';
  const hours = schedule.hours ? `${schedule.hours.from}–${schedule.hours.to}` : '';
  const when = [days, hours].filter(Boolean).join(' ');
  return `${period}${when ? `, ${when}` : ''}${schedule.timeZone ? ` (${schedule.timeZone})` : ''}`;
}

export function credentialNames(credentials = {}) {
  const names = [];
  if (credentials.doorcode) names.push('doorcode');
  if (credentials.smartkey) names.push('smart key');
  if (credentials.appkey) names.push('app key');
  return names.length ? names.join(', ') : 'smart key';
}

/** An API error as one line: the message, and the field when the API named one. */
export function errorText(error) {
  if (!error) return '';
  const field = error.field ? ` (${error.field})` : '';
  return `${error.message}${field}`;
}
