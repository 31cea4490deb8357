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
import { planView } from './planView.js';
import {
  credentialsFieldset,
  doorcodeFieldset,
  personRow,
  readCredentials,
  readPersons,
} from './requestParts.js';

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
    form.elements.namedItem('code').closest('.field').hidden = random;
    form.elements.namedItem('length').closest('.field').hidden = !random;
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
