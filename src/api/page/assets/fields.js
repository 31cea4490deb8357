/**
 * Form parts shared by "Add key" and "Edit doors and schedule": the doors to choose from and the schedule (period,
 * weekdays, hours, time zone), with readers that turn them into the key request's fields. Each input carries
 * `data-field` = the request's path, so an API validation error naming a field can point at its input.
 */
import { el } from './dom.js';

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

let unique = 0;
/** Ids for label/input pairs; two forms on one page never share one. */
export function fieldId(name) {
  unique += 1;
  return `${name}-${unique}`;
}

/** A labelled input: `labelled('Name', {name: 'name', required: true})`. */
export function labelled(text, attributes, tag = 'input', ...children) {
  const id = fieldId(attributes.name ?? 'field');
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, text),
    el(tag, { id, ...attributes }, ...children),
  );
}

function checkbox(text, attributes) {
  const id = fieldId(attributes.name);
  return el(
    'div',
    { class: 'check' },
    el('input', { id, type: 'checkbox', ...attributes }),
    el('label', { for: id }, text),
  );
}

export function doorsFieldset(locks, selected = []) {
  const chosen = new Set(selected.map(String));
  return el(
    'fieldset',
    { class: 'doors', dataset: { field: 'doors' } },
    el('legend', {}, 'Doors'),
    locks.length === 0 ? el('p', { class: 'muted' }, 'No doors to choose from.') : null,
    locks.map((lock) =>
      checkbox(lock.name, { name: 'door', value: lock.id, checked: chosen.has(String(lock.id)) }),
    ),
  );
}

export function readDoors(form) {
  return [...form.querySelectorAll('input[name="door"]:checked')].map((input) =>
    /^\d+$/.test(input.value) ? Number(input.value) : input.value,
  );
}

/** The zones worth proposing: the doors' own and the browser's. */
function zoneOptions(locks) {
  const zones = new Set(locks.map((lock) => lock.timeZone).filter(Boolean));
  try {
    zones.add(Intl.DateTimeFormat().resolvedOptions().timeZone);
  } catch {
    // No Intl time zone support: the field stays free text.
  }
  const id = fieldId('zones');
  return {
    id,
    list: el(
      'datalist',
      { id },
      [...zones].map((zone) => el('option', { value: zone })),
    ),
  };
}

export function scheduleFieldset(locks, schedule = {}) {
  const days = new Set(schedule.days ?? []);
  const zones = zoneOptions(locks);
  return el(
    'fieldset',
    { class: 'schedule' },
    el('legend', {}, 'When'),
    el(
      'div',
      { class: 'row' },
      labelled('From', {
        name: 'from',
        type: 'datetime-local',
        value: schedule.from,
        dataset: { field: 'from' },
      }),
      labelled('Until', {
        name: 'until',
        type: 'datetime-local',
        value: schedule.until,
        dataset: { field: 'until' },
      }),
    ),
    el(
      'fieldset',
      { class: 'days', dataset: { field: 'days' } },
      el('legend', {}, 'Only on these days (none = every day)'),
      DAYS.map(([value, text]) => checkbox(text, { name: 'day', value, checked: days.has(value) })),
    ),
    el(
      'div',
      { class: 'row' },
      labelled('Hours from', {
        name: 'hoursFrom',
        type: 'time',
        value: schedule.hours?.from,
        dataset: { field: 'hours.from' },
      }),
      labelled('Hours to', {
        name: 'hoursTo',
        type: 'time',
        value: schedule.hours?.to,
        dataset: { field: 'hours.to' },
      }),
    ),
    labelled('Time zone (empty: the profile’s or the first door’s)', {
      name: 'timeZone',
      list: zones.id,
      autocomplete: 'off',
      placeholder: 'Europe/Warsaw',
      value: schedule.timeZone,
      dataset: { field: 'timeZone' },
    }),
    zones.list,
  );
}

/** Local date-times as the request wants them: "2027-01-11T15:00" (the input may add seconds). */
function localDateTime(value) {
  return value ? value.slice(0, 16) : undefined;
}

/** The schedule fields that are filled in; `clear: true` gives null for empty ones (a PATCH that removes them). */
export function readSchedule(form, { clear = false } = {}) {
  const value = (name) => form.elements.namedItem(name)?.value.trim() ?? '';
  const days = [...form.querySelectorAll('input[name="day"]:checked')].map((input) => input.value);
  const from = value('hoursFrom');
  const to = value('hoursTo');
  const empty = clear ? null : undefined;
  return {
    from: localDateTime(value('from')) ?? empty,
    until: localDateTime(value('until')) ?? empty,
    days: days.length ? days : empty,
    hours: from || to ? { from, to } : empty,
    timeZone: value('timeZone') || undefined,
  };
}

/** Drops undefined fields, so the request holds only what the user set. */
export function compact(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** Marks the input the API's validation error names (`persons[0].email`), and focuses it. */
export function markField(form, field) {
  for (const marked of form.querySelectorAll('[aria-invalid="true"]')) marked.removeAttribute('aria-invalid');
  if (!field) return;
  const path = field
    .replace(/^\//, '')
    .replace(/\/(\d+)/g, '[$1]')
    .replace(/\//g, '.');
  const target =
    form.querySelector(`[data-field="${CSS.escape(path)}"]`) ??
    form.querySelector(`[data-field="${CSS.escape(path.split(/[.[]/)[0])}"]`);
  if (!target) return;
  target.setAttribute('aria-invalid', 'true');
  (target.matches('input, select, textarea')
    ? target
    : target.querySelector('input, select, textarea')
  )?.focus();
}
