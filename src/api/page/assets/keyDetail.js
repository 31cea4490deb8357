/**
 * One key: its persons (doorcodes masked; revealed on request for a group allowed to see them), its status per
 * door, and what the group may do with it: edit doors and schedule, replace a code, resend, revoke.
 */
import { el, replaceChildren } from './dom.js';
import {
  compact,
  doorsFieldset,
  labelled,
  markField,
  readDoors,
  readSchedule,
  scheduleFieldset,
} from './fields.js';
import { errorText, keyStatusTone, scheduleText } from './format.js';
import { doorStatusList } from './keyList.js';

const EDITABLE = new Set(['active', 'scheduled']);

function personItem(person) {
  return el(
    'li',
    {},
    el('strong', {}, person.name),
    person.email ? ` · ${person.email}` : null,
    person.phone ? ` · ${person.phone}` : null,
    person.doorcode
      ? el(
          'span',
          {},
          ' · code ',
          el('code', { class: 'doorcode', dataset: { field: 'doorcode' } }, person.doorcode),
        )
      : null,
    person.link ? el('span', {}, ' · link ', el('code', { class: 'link-text' }, person.link)) : null,
  );
}

function summary(key, locks, revealed) {
  return [
    el('h2', { id: 'key-title', tabindex: -1 }, key.name),
    el('p', { class: `badge ${keyStatusTone(key.status)}`, dataset: { field: 'status' } }, key.status),
    el('p', { class: 'muted' }, scheduleText(key.schedule)),
    key.notes ? el('p', {}, key.notes) : null,
    el('h3', {}, 'Persons'),
    el('ul', { class: 'persons' }, (revealed ?? key).persons.map(personItem)),
    el('h3', {}, 'Doors'),
    doorStatusList(key, locks),
    (key.warnings ?? []).length
      ? el(
          'ul',
          { class: 'warnings' },
          key.warnings.map((warning) => el('li', {}, warning.message)),
        )
      : null,
  ];
}

/** A `<details>` with a form; `run(form)` returns the changed key. */
function actionForm(title, fields, submitText, run, { onDone, className = '' } = {}) {
  const error = el('p', { class: 'error', role: 'alert' });
  const button = el('button', { type: 'submit', class: className || 'primary' }, submitText);
  const form = el('form', { novalidate: true }, fields, el('div', { class: 'actions' }, button), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    markField(form, undefined);
    button.disabled = true;
    try {
      onDone(await run(form));
    } catch (caught) {
      error.textContent = `${caught.code ?? 'ERROR'}: ${errorText(caught)}`;
      markField(form, caught.field);
    } finally {
      button.disabled = false;
    }
  });
  return el('details', { class: 'action' }, el('summary', {}, title), form);
}

function personSelect(key, { all = false, onlyDoorcode = false } = {}) {
  const options = key.persons
    .map((person, index) => ({ person, index }))
    .filter(({ person }) => !onlyDoorcode || person.credentials?.doorcode || person.doorcode);
  return labelled(
    'Person',
    { name: 'person', dataset: { field: 'person' } },
    'select',
    all ? el('option', { value: '' }, 'Everyone') : null,
    options.map(({ person, index }) => el('option', { value: index }, person.name)),
  );
}

function revokeControl(key, { api, onDone, toast }) {
  const confirmBox = el('div', { class: 'confirm', hidden: true });
  const ask = el(
    'button',
    { type: 'button', class: 'danger', onclick: () => ((confirmBox.hidden = false), (ask.hidden = true)) },
    'Revoke key…',
  );
  const yes = el('button', { type: 'button', class: 'danger' }, 'Revoke now');
  const no = el(
    'button',
    { type: 'button', onclick: () => ((confirmBox.hidden = true), (ask.hidden = false)) },
    'Keep key',
  );
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      onDone(await api.revoke(key.id));
    } catch (caught) {
      toast(`${caught.code}: ${errorText(caught)}`, 'bad');
      yes.disabled = false;
    }
  });
  confirmBox.append(
    el('p', {}, 'Every credential of this key is deleted from the doors. This cannot be undone.'),
    yes,
    no,
  );
  return el('div', { class: 'revoke' }, ask, confirmBox);
}

function actions(key, { api, locks, rights, onDone, toast }) {
  if (!rights.has('keys.write') || key.status === 'revoked' || key.status === 'failed') return [];
  const lockList = [...locks.values()];
  const parts = [];
  if (EDITABLE.has(key.status)) {
    parts.push(
      actionForm(
        'Edit doors and schedule',
        [doorsFieldset(lockList, key.doors), scheduleFieldset(lockList, key.schedule)],
        'Save changes',
        (form) =>
          api.update(key.id, compact({ doors: readDoors(form), ...readSchedule(form, { clear: true }) })),
        { onDone },
      ),
    );
    if (key.persons.some((person) => person.credentials?.doorcode || person.doorcode)) {
      parts.push(
        actionForm(
          'Replace a code',
          [
            personSelect(key, { onlyDoorcode: true }),
            labelled(
              'Policy',
              { name: 'policy', dataset: { field: 'doorcode.policy' } },
              'select',
              el('option', { value: 'random' }, 'Random code'),
              el('option', { value: 'preferred' }, 'This code if free, else random'),
              el('option', { value: 'strict' }, 'This code or fail'),
            ),
            labelled('New code (for preferred and strict)', {
              name: 'code',
              type: 'password',
              inputmode: 'numeric',
              autocomplete: 'off',
              dataset: { field: 'doorcode.code' },
            }),
          ],
          'Replace code',
          (form) => {
            const policy = form.elements.namedItem('policy').value;
            const code = form.elements.namedItem('code').value.trim();
            return api.replaceCode(
              key.id,
              Number(form.elements.namedItem('person').value),
              compact({ policy, code: policy === 'random' ? undefined : code }),
            );
          },
          { onDone },
        ),
      );
    }
  }
  if (EDITABLE.has(key.status) || key.status === 'pending') {
    parts.push(
      actionForm(
        'Resend',
        [personSelect(key, { all: true })],
        'Resend',
        (form) => {
          const person = form.elements.namedItem('person').value;
          return api.resend(key.id, person === '' ? undefined : Number(person));
        },
        { onDone },
      ),
    );
  }
  parts.push(revokeControl(key, { api, onDone, toast }));
  return [el('h3', {}, 'Change'), ...parts];
}

/**
 * Renders the key into `view` and returns `update(key)` for live changes: the summary is redrawn, the action forms
 * only when the key's status changes what may be done (so an update never wipes a form being filled in).
 */
export function renderKeyDetail(view, { api, key, locks, rights, onChanged, toast }) {
  const summaryBox = el('div', { class: 'summary' });
  const revealBox = el('div', { class: 'reveal' });
  const actionBox = el('div', { class: 'key-actions' });
  let current = key;
  let revealed;
  let actionsFor;

  const onDone = (changed) => {
    toast(`${changed.name}: ${changed.status}`);
    onChanged(changed);
  };

  function drawSummary() {
    replaceChildren(summaryBox, summary(current, locks, revealed));
    replaceChildren(
      revealBox,
      rights.has('keys.reveal') && current.persons.some((person) => person.doorcode)
        ? el('button', { type: 'button', onclick: toggleReveal }, revealed ? 'Hide codes' : 'Reveal codes')
        : null,
    );
  }

  async function toggleReveal() {
    try {
      revealed = revealed ? undefined : await api.key(current.id, { reveal: true });
      drawSummary();
    } catch (caught) {
      toast(`${caught.code}: ${errorText(caught)}`, 'bad');
    }
  }

  function update(next) {
    current = next;
    // A revealed copy is of the key as it was; a change (a replaced code) hides it again.
    revealed = undefined;
    drawSummary();
    const kind = `${next.status}:${next.doors.join(',')}`;
    if (kind !== actionsFor) {
      actionsFor = kind;
      replaceChildren(actionBox, actions(next, { api, locks, rights, onDone, toast }));
    }
  }

  replaceChildren(view, el('p', {}, el('a', { href: '#/' }, '← All keys')), summaryBox, revealBox, actionBox);
  update(key);
  return update;
}
