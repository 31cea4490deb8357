/**
 * "Add key": persons, credentials, doorcode policy and code, doors, period, weekdays and hours, profile. "Check"
 * asks the API for a dry run and shows it per door; "Issue key" is offered only for the request that was checked
 * (any change to the form asks for a new check), so nothing is written that the user has not seen.
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
import { errorText } from './format.js';
import { newRequestId } from './ids.js';

function personRow(index, onRemove) {
  const path = (name) => `persons[${index}].${name}`;
  return el(
    'fieldset',
    { class: 'person' },
    el('legend', {}, `Person ${index + 1}`),
    labelled('Name', {
      name: 'personName',
      required: true,
      autocomplete: 'off',
      dataset: { field: path('name') },
    }),
    labelled('Email (for an app key or email delivery)', {
      name: 'personEmail',
      type: 'email',
      autocomplete: 'off',
      dataset: { field: path('email') },
    }),
    labelled('Phone', {
      name: 'personPhone',
      type: 'tel',
      autocomplete: 'off',
      dataset: { field: path('phone') },
    }),
    index > 0
      ? el('button', { type: 'button', class: 'link', onclick: onRemove }, `Remove person ${index + 1}`)
      : null,
  );
}

function credentialsFieldset() {
  const check = (name, text, checked = false) =>
    el(
      'div',
      { class: 'check' },
      el('input', { id: `credential-${name}`, type: 'checkbox', name: 'credential', value: name, checked }),
      el('label', { for: `credential-${name}` }, text),
    );
  return el(
    'fieldset',
    { dataset: { field: 'credentials' } },
    el('legend', {}, 'Credentials'),
    check('doorcode', 'Doorcode (keypad)', true),
    check('smartkey', 'Smart key (magic link)'),
    check('appkey', 'App key (Tedee app invitation, needs an email)'),
    labelled(
      'App key access level',
      { name: 'appkeyLevel', dataset: { field: 'credentials.appkey.accessLevel' } },
      'select',
      el('option', { value: 'guest' }, 'Guest'),
      el('option', { value: 'admin' }, 'Admin'),
    ),
  );
}

function doorcodeFieldset() {
  return el(
    'fieldset',
    { class: 'doorcode', dataset: { field: 'credentials.doorcode' } },
    el('legend', {}, 'Doorcode'),
    labelled(
      'Policy',
      { name: 'policy', dataset: { field: 'credentials.doorcode.policy' } },
      'select',
      el('option', { value: 'random' }, 'Random code'),
      el('option', { value: 'preferred' }, 'This code if free, else random'),
      el('option', { value: 'strict' }, 'This code or fail'),
    ),
    labelled('Code (5 to 8 digits)', {
      name: 'code',
      type: 'password',
      inputmode: 'numeric',
      autocomplete: 'off',
      pattern: '[0-9]{5,8}',
      disabled: true,
      dataset: { field: 'credentials.doorcode.code' },
    }),
    labelled(
      'Length of a random code',
      { name: 'length', dataset: { field: 'credentials.doorcode.length' } },
      'select',
      [5, 6, 7, 8].map((length) => el('option', { value: length, selected: length === 6 }, String(length))),
    ),
  );
}

function readCredentials(form) {
  const chosen = new Set(
    [...form.querySelectorAll('input[name="credential"]:checked')].map((input) => input.value),
  );
  const credentials = {};
  if (chosen.has('doorcode')) {
    const policy = form.elements.namedItem('policy').value;
    credentials.doorcode =
      policy === 'random'
        ? { policy, length: Number(form.elements.namedItem('length').value) }
        : { policy, code: form.elements.namedItem('code').value.trim() };
  }
  if (chosen.has('smartkey')) credentials.smartkey = true;
  if (chosen.has('appkey'))
    credentials.appkey = { accessLevel: form.elements.namedItem('appkeyLevel').value };
  return credentials;
}

function readPersons(form) {
  return [...form.querySelectorAll('fieldset.person')].map((row) => {
    const value = (name) => row.querySelector(`[name="${name}"]`).value.trim();
    return compact({
      name: value('personName'),
      email: value('personEmail') || undefined,
      phone: value('personPhone') || undefined,
    });
  });
}

function planView(plan, locks) {
  const doors = plan.doors ?? [];
  return el(
    'div',
    { class: 'plan', dataset: { ok: doors.every((door) => door.ok) } },
    el('h3', {}, 'Dry run: what would be written'),
    el(
      'ul',
      { class: 'cards' },
      doors.map((door) =>
        el(
          'li',
          { class: `card ${door.ok ? '' : 'refused'}`, dataset: { lockId: door.lockId } },
          el('h4', {}, door.lockName ?? locks.get(door.lockId)?.name ?? `Lock ${door.lockId}`),
          door.ok
            ? el('p', { class: 'badge good' }, 'ready')
            : el('p', { class: 'badge bad' }, `refused: ${door.code ?? ''}`),
          door.reason ? el('p', {}, door.reason) : null,
          el(
            'ul',
            { class: 'writes' },
            (door.writes ?? []).map((write) =>
              el('li', {}, `${write.kind} for ${write.person}: ${write.local}`),
            ),
          ),
        ),
      ),
    ),
    (plan.key?.warnings ?? []).length
      ? el(
          'ul',
          { class: 'warnings' },
          plan.key.warnings.map((warning) => el('li', {}, warning.message)),
        )
      : null,
  );
}

/**
 * Builds the form into `view`. `onIssued(key)` after a successful issue. `profiles` is null when the group may
 * not read them (no profile field then).
 */
export function renderKeyForm(view, { api, locks, profiles, onIssued }) {
  const lockList = [...locks.values()];
  const persons = el('div', { class: 'persons' });
  const planBox = el('div', { class: 'plan-box', 'aria-live': 'polite' });
  const error = el('p', { class: 'error', role: 'alert' });
  const issueButton = el('button', { type: 'button', class: 'primary', disabled: true }, 'Issue key');
  const checkButton = el('button', { type: 'submit' }, 'Check (dry run)');
  const requestId = newRequestId();
  let checked; // the JSON of the request the shown dry run answers

  const form = el(
    'form',
    { class: 'key-form', novalidate: true },
    labelled('Key name', { name: 'name', required: true, autocomplete: 'off', dataset: { field: 'name' } }),
    el(
      'fieldset',
      { dataset: { field: 'persons' } },
      el('legend', {}, 'Persons'),
      persons,
      el('button', { type: 'button', class: 'link', onclick: () => addPerson() }, 'Add a person'),
    ),
    credentialsFieldset(),
    doorcodeFieldset(),
    doorsFieldset(lockList),
    scheduleFieldset(lockList),
    profiles
      ? labelled(
          'Profile',
          { name: 'profile', dataset: { field: 'profile' } },
          'select',
          el('option', { value: '' }, 'None'),
          profiles.map((profile) => el('option', { value: profile.name }, profile.name)),
        )
      : null,
    labelled('Notes', { name: 'notes', rows: 2, dataset: { field: 'notes' } }, 'textarea'),
    el(
      'div',
      { class: 'actions' },
      checkButton,
      issueButton,
      el('a', { class: 'button', href: '#/' }, 'Cancel'),
    ),
    error,
    planBox,
  );

  function addPerson() {
    const index = persons.children.length;
    persons.append(personRow(index, () => removePerson(index)));
  }
  function removePerson(index) {
    const rows = readPersons(form);
    rows.splice(index, 1);
    persons.replaceChildren();
    rows.forEach((person, at) => {
      addPerson();
      const row = persons.children[at];
      row.querySelector('[name="personName"]').value = person.name ?? '';
      row.querySelector('[name="personEmail"]').value = person.email ?? '';
      row.querySelector('[name="personPhone"]').value = person.phone ?? '';
    });
    invalidate();
  }

  function request() {
    const value = (name) => form.elements.namedItem(name)?.value.trim() ?? '';
    return compact({
      name: value('name'),
      persons: readPersons(form),
      doors: readDoors(form),
      credentials: readCredentials(form),
      ...readSchedule(form),
      profile: value('profile') || undefined,
      notes: value('notes') || undefined,
      requestId,
    });
  }

  /** Shows what the chosen credentials and policy need, and only that. */
  function syncPolicy() {
    const doorcode = form.querySelector('#credential-doorcode').checked;
    form.querySelector('fieldset.doorcode').hidden = !doorcode;
    form.elements.namedItem('appkeyLevel').closest('.field').hidden =
      !form.querySelector('#credential-appkey').checked;
    const random = form.elements.namedItem('policy').value === 'random';
    form.elements.namedItem('policy').disabled = !doorcode;
    form.elements.namedItem('code').disabled = !doorcode || random;
    form.elements.namedItem('code').required = doorcode && !random;
    form.elements.namedItem('length').disabled = !doorcode || !random;
  }

  function invalidate() {
    if (checked === undefined) return;
    checked = undefined;
    issueButton.disabled = true;
    planBox.classList.add('stale');
    planBox.prepend(el('p', { class: 'muted' }, 'The form changed: check again before issuing.'));
  }

  function fail(caught) {
    error.textContent = `${caught.code ?? 'ERROR'}: ${errorText(caught)}`;
    markField(form, caught.field);
  }

  form.addEventListener('input', () => (syncPolicy(), invalidate()));
  form.addEventListener('change', () => (syncPolicy(), invalidate()));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    markField(form, undefined);
    const body = request();
    checkButton.disabled = true;
    try {
      const plan = await api.plan(body);
      planBox.classList.remove('stale');
      replaceChildren(planBox, planView(plan, locks));
      const allOk = (plan.doors ?? []).every((door) => door.ok);
      checked = allOk ? JSON.stringify(body) : undefined;
      issueButton.disabled = !allOk;
    } catch (caught) {
      replaceChildren(planBox);
      fail(caught);
    } finally {
      checkButton.disabled = false;
    }
  });
  issueButton.addEventListener('click', async () => {
    const body = request();
    if (JSON.stringify(body) !== checked) return invalidate();
    issueButton.disabled = true;
    error.textContent = '';
    try {
      onIssued(await api.issue(body));
    } catch (caught) {
      issueButton.disabled = false;
      fail(caught);
    }
  });

  replaceChildren(view, el('h2', { id: 'add-title' }, 'Add key'), form);
  addPerson();
  syncPolicy();
  form.elements.namedItem('name').focus();
}
