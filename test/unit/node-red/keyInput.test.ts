/**
 * What a `tedee-key` node reads from a message: the action, the editor's defaults merged under an issue's
 * msg.payload, and each action's arguments, with errors naming the field of the message.
 */
import { describe, expect, it } from 'vitest';
import { editorDefaults } from '../../../src/node-red/keyDefaults.js';
import { readAction, readCommand } from '../../../src/node-red/keyInput.js';

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected an error');
}

const request = { name: 'Stay', persons: [{ name: 'Ann' }], doors: ['A1'], credentials: { doorcode: true } };

describe('readAction', () => {
  it('takes msg.action over the node setting, case and spaces ignored', () => {
    expect(readAction({ action: ' Revoke ' }, 'issue')).toBe('revoke');
    expect(readAction({}, 'list')).toBe('list');
  });

  it('names msg.action, or the setting, when there is no action', () => {
    const error = failure(() => readAction({ action: 'dance' }, 'issue'));
    expect(error.code).toBe('INVALID_ACTION');
    expect(error.message).toMatch(/^msg\.action: "dance" is not an action; use one of issue, update/);
    expect(failure(() => readAction({}, '')).message).toMatch(/^action: missing/);
  });
});

describe('editor defaults', () => {
  it('become the request fields msg.payload leaves out, a shallow merge', () => {
    const defaults = editorDefaults(
      {
        id: 'n',
        keyName: 'Guest',
        doors: ['A1', 'B2'],
        doorcode: true,
        smartkey: true,
        doorcodePolicy: 'preferred',
        doorcodeLength: '7',
        timeZone: 'Europe/Warsaw',
      },
      { name: 'Cleaning', accessLevel: 'guest', remoteAccess: true },
    );
    expect(defaults).toEqual({
      name: 'Guest',
      doors: ['A1', 'B2'],
      credentials: { smartkey: true, doorcode: { policy: 'preferred', length: 7 } },
      timeZone: 'Europe/Warsaw',
      profile: 'Cleaning',
    });
    const command = readCommand(
      'issue',
      { persons: [{ name: 'Ann' }], credentials: { smartkey: true }, profile: 'Own' },
      defaults,
    );
    expect(command).toEqual({
      action: 'issue',
      request: {
        name: 'Guest',
        doors: ['A1', 'B2'],
        timeZone: 'Europe/Warsaw',
        persons: [{ name: 'Ann' }],
        credentials: { smartkey: true },
        profile: 'Own',
      },
    });
  });

  it('reads doors written as text and leaves an unset node without defaults', () => {
    expect(editorDefaults({ id: 'n', doors: 'A1, B2' }, undefined)).toEqual({ doors: ['A1', 'B2'] });
    expect(editorDefaults({ id: 'n' }, undefined)).toEqual({});
  });
});

describe('readCommand', () => {
  it('names the field of a bad key request as a field of msg.payload', () => {
    const error = failure(() =>
      readCommand('issue', { ...request, persons: [{ name: 'Ann', email: 'nope' }] }, {}),
    );
    expect(error.code).toBe('KEY_REQUEST_INVALID');
    expect(error.message).toMatch(/^msg\.payload\.persons\[0\]\.email: /);
    expect(failure(() => readCommand('issue', 42, {})).message).toBe(
      'msg.payload: must be an object (the key request)',
    );
  });

  it('takes an id as text or in an object, and names it when missing', () => {
    expect(readCommand('revoke', 'k_1', {})).toEqual({ action: 'revoke', id: 'k_1' });
    expect(readCommand('show', { id: 'k_2' }, {})).toEqual({ action: 'show', id: 'k_2' });
    expect(failure(() => readCommand('revoke', { key: 'k_1' }, {})).message).toMatch(
      /^msg\.payload\.id: missing/,
    );
  });

  it('checks an update: known fields only, at least one, each as in a key request', () => {
    expect(readCommand('update', { id: 'k_1', until: '2027-01-14T11:00', notes: null }, {})).toEqual({
      action: 'update',
      id: 'k_1',
      changes: { until: '2027-01-14T11:00', notes: null },
    });
    expect(failure(() => readCommand('update', { id: 'k_1', colour: 'red' }, {})).message).toMatch(
      /^msg\.payload\.colour: not a field of an update/,
    );
    expect(failure(() => readCommand('update', { id: 'k_1' }, {})).message).toMatch(
      /^msg\.payload: no change/,
    );
    expect(failure(() => readCommand('update', { id: 'k_1', timeZone: 'Mars/Base' }, {})).message).toMatch(
      /^msg\.payload\.timeZone: "Mars\/Base" is not a known IANA time zone/,
    );
  });

  it('reads replace-code and resend, checking the wanted code with the PIN rules', () => {
    expect(readCommand('replace-code', { id: 'k_1' }, {})).toEqual({
      action: 'replace-code',
      id: 'k_1',
      person: 0,
      doorcode: { policy: 'random' },
    });
    const bad = failure(() =>
      readCommand('replace-code', { id: 'k_1', doorcode: { policy: 'strict', code: '12345' } }, {}),
    );
    expect(bad.code).toBe('PIN_INVALID');
    expect(bad.message).toMatch(/^msg\.payload\.doorcode\.code: /);
    expect(readCommand('resend', { id: 'k_1', person: 'Ann' }, {})).toEqual({
      action: 'resend',
      id: 'k_1',
      person: 'Ann',
    });
    expect(failure(() => readCommand('resend', { id: 'k_1', person: -1 }, {})).message).toMatch(
      /^msg\.payload\.person: /,
    );
  });

  it("lists with a filter, or everything for an inject's timestamp", () => {
    expect(readCommand('list', { status: 'active', door: 101 }, {})).toEqual({
      action: 'list',
      filter: { status: 'active', door: 101 },
    });
    expect(readCommand('list', 1767225600000, {})).toEqual({ action: 'list', filter: {} });
    expect(failure(() => readCommand('list', { status: 3 }, {})).message).toBe(
      'msg.payload.status: must be text',
    );
  });
});
