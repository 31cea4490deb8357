/**
 * The parts of "Add key" that make a key request's persons and credentials: the inputs (each with `data-field` =
 * the request's path, for the API's validation errors) and their readers.
 */
import { el } from './dom.js';
import { compact, labelled } from './fields.js';

export function personRow(index, onRemove) {
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

export function credentialsFieldset() {
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

export function doorcodeFieldset() {
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

export function readCredentials(form) {
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

export function readPersons(form) {
  return [...form.querySelectorAll('fieldset.person')].map((row) => {
    const value = (name) => row.querySelector(`[name="${name}"]`).value.trim();
    return compact({
      name: value('personName'),
      email: value('personEmail') || undefined,
      phone: value('personPhone') || undefined,
    });
  });
}
