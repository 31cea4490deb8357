/** The answer checks accept every documented answer, so they never turn a real cloud answer into an error. */
import { describe, expect, it } from 'vitest';
import type { AnswerCheck } from '../../../src/client/answers/check.js';
import {
  checkLockSync,
  checkLockSyncList,
  checkOperationAccepted,
  checkOperationStatus,
  checkPersonalAccessKeyList,
} from '../../../src/client/answers/schemas.js';
import { allDocSamples } from '../../helpers/fixtures.js';

const checks: [string, AnswerCheck][] = [
  ['lock/sync.rst', checkLockSyncList],
  ['lock/sync-single.rst', checkLockSync],
  ['lock/lock.rst', checkOperationAccepted],
  ['lock/unlock.rst', checkOperationAccepted],
  ['lock/pull-spring.rst', checkOperationAccepted],
  ['device/get-device-operation.rst', checkOperationStatus],
  ['personalaccesskey/get-all.rst', checkPersonalAccessKeyList],
];

describe('documented answers pass their check', () => {
  for (const [page, check] of checks) {
    it(page, () => {
      const responses = allDocSamples()[page]!.samples.filter((sample) => sample.kind === 'response');
      expect(responses.length).toBeGreaterThan(0);
      for (const sample of responses) {
        expect(check((sample.body as { result?: unknown }).result)).toBeUndefined();
      }
    });
  }
});

describe('problems are named by their place', () => {
  it('in nested objects and lists', () => {
    expect(checkLockSyncList([{ id: 1, revision: 1, deviceState: { state: '6' } }])).toBe(
      'result[0].deviceState.state must be a number, not a string',
    );
    expect(checkLockSyncList([{ id: 1.5, revision: 1 }])).toBe(
      'result[0].id must be a whole number, not 1.5',
    );
    expect(checkLockSync({ id: 1, revision: 1, deviceState: {} })).toBe(
      'result.deviceState.state is missing',
    );
    expect(checkOperationStatus({ status: 'PENDING' })).toBeUndefined();
  });
});
