import { describe, expect, it } from 'vitest';
import { unwrapEnvelope } from '../../../src/client/envelope.js';
import { errorForStatus } from '../../../src/client/statusErrors.js';

describe('unwrapEnvelope', () => {
  it('takes the result out of the envelope', () => {
    expect(unwrapEnvelope({ result: [1], success: true, errorMessages: [], statusCode: 200 })).toEqual({
      result: [1],
      messages: [],
      bare: false,
    });
  });

  it('reads PascalCase error envelopes', () => {
    expect(unwrapEnvelope({ Success: false, ErrorMessages: ['nope'], StatusCode: 400 })).toEqual({
      result: undefined,
      messages: ['nope'],
      bare: false,
    });
  });

  it('passes bare answers through marked bare, even one with a success field (access create)', () => {
    const bare = { id: 'x', success: true, error: null };
    expect(unwrapEnvelope(bare)).toEqual({ result: bare, messages: [], bare: true });
    expect(unwrapEnvelope([])).toEqual({ result: [], messages: [], bare: true });
  });

  it('treats an empty body (204) as no result', () => {
    expect(unwrapEnvelope('')).toEqual({ result: undefined, messages: [], bare: false });
  });
});

describe('errorForStatus', () => {
  const base = {
    endpoint: 'GET /x',
    scope: 'Device.Read',
    keyPrefix: 'abc',
    resource: 'The lock',
    serverMessages: [],
    retryAfterMs: 0,
  };
  it.each([
    [400, 'default', 'BAD_REQUEST'],
    [400, 'pin', 'PIN_INVALID'],
    [401, 'default', 'AUTH_INVALID'],
    [403, 'default', 'SCOPE_MISSING'],
    [404, 'default', 'NOT_FOUND'],
    [406, 'pin', 'PIN_DUPLICATE'],
    [408, 'pin', 'DEVICE_TIMEOUT'],
    [409, 'pin', 'DEVICE_BUSY'],
    [409, 'revision', 'REVISION_CONFLICT'],
    [412, 'pin', 'PIN_LIMIT'],
    [422, 'pin', 'PIN_LIMIT'],
    [428, 'pin', 'DEVICE_OFFLINE'],
    [429, 'default', 'RATE_LIMITED'],
    [500, 'default', 'SERVER_ERROR'],
    [302, 'default', 'INVALID_RESPONSE'],
  ] as const)('%i in context %s is %s', (status, errorContext, code) => {
    expect(errorForStatus({ ...base, status, errorContext }).code).toBe(code);
  });

  it('turns an access validation error into ACCESS_REJECTED with its code', () => {
    const error = errorForStatus({
      ...base,
      status: 400,
      errorContext: 'access',
      result: { error: { code: 1003, message: 'exists' } },
    });
    expect(error).toMatchObject({ code: 'ACCESS_REJECTED', validationCode: 1003 });
  });
});
