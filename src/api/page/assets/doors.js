/** The doors: one card per lock with its state, battery and door sensor, and lock/unlock when allowed. */
import { el, replaceChildren } from './dom.js';
import { batteryText, doorText, lockStateText, lockStateTone } from './format.js';

function doorCard(lock, { canOperate, onCommand }) {
  const status = lock.status ?? {};
  const offline = lock.available === false || status.connected === false;
  const actions = canOperate
    ? el(
        'div',
        { class: 'actions' },
        el(
          'button',
          { type: 'button', disabled: offline, onclick: () => onCommand(lock, 'lock') },
          'Lock',
          el('span', { class: 'visually-hidden' }, ` ${lock.name}`),
        ),
        el(
          'button',
          { type: 'button', disabled: offline, onclick: () => onCommand(lock, 'unlock') },
          'Unlock',
          el('span', { class: 'visually-hidden' }, ` ${lock.name}`),
        ),
      )
    : null;
  return el(
    'li',
    { class: 'card door', dataset: { lockId: lock.id } },
    el('h3', {}, lock.name),
    el('p', { class: `badge ${lockStateTone(lock)}`, dataset: { field: 'state' } }, lockStateText(lock)),
    el('p', { class: 'muted', dataset: { field: 'battery' } }, batteryText(status)),
    doorText(status) && el('p', { class: 'muted' }, doorText(status)),
    actions,
  );
}

export function renderDoors(list, locks, options) {
  if (locks.length === 0) {
    replaceChildren(list, el('li', { class: 'empty' }, 'No doors yet: the hub has not found any lock.'));
    return;
  }
  replaceChildren(
    list,
    locks.map((lock) => doorCard(lock, options)),
  );
}
