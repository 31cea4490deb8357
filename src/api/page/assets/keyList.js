/** The keys: one card per key with its status, persons and the status on each door. */
import { el, replaceChildren } from './dom.js';
import { credentialNames, doorStatuses, keyStatusTone, scheduleText } from './format.js';

const LIVE = new Set(['active', 'scheduled', 'pending']);

export function keyFilterMatches(filter, key) {
  if (filter === 'all') return true;
  if (filter === 'live') return LIVE.has(key.status);
  return !LIVE.has(key.status);
}

export function doorName(locks, lockId) {
  return locks.get(lockId)?.name ?? `Lock ${lockId}`;
}

/** "Front: set" per door, as a small list. */
export function doorStatusList(key, locks) {
  return el(
    'ul',
    { class: 'door-statuses', 'aria-label': 'Status per door' },
    doorStatuses(key).map(({ lockId, status, parts }) =>
      el(
        'li',
        { dataset: { lockId, status } },
        el('span', {}, doorName(locks, lockId)),
        ' ',
        el(
          'span',
          { class: `badge small ${status === 'set' ? 'good' : status === 'failed' ? 'bad' : 'neutral'}` },
          status,
        ),
        parts.find((part) => part.reason)
          ? el('span', { class: 'muted' }, ` ${parts.find((part) => part.reason).reason}`)
          : null,
      ),
    ),
  );
}

function keyCard(key, locks) {
  return el(
    'li',
    { class: 'card key', dataset: { keyId: key.id, status: key.status } },
    el('h3', {}, el('a', { href: `#/keys/${encodeURIComponent(key.id)}` }, key.name)),
    el('p', { class: `badge ${keyStatusTone(key.status)}`, dataset: { field: 'status' } }, key.status),
    el(
      'p',
      {},
      (key.persons ?? []).map((person) => person.name).join(', '),
      el('span', { class: 'muted' }, ` · ${credentialNames(key.persons?.[0]?.credentials)}`),
    ),
    el('p', { class: 'muted' }, scheduleText(key.schedule)),
    doorStatusList(key, locks),
  );
}

export function renderKeys(list, keys, locks, filter) {
  const shown = keys.filter((key) => keyFilterMatches(filter, key));
  if (shown.length === 0) {
    replaceChildren(list, el('li', { class: 'empty' }, 'No keys to show.'));
    return;
  }
  shown.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  replaceChildren(
    list,
    shown.map((key) => keyCard(key, locks)),
  );
}
