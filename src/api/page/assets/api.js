/**
 * The page's client of the hub's HTTP API (/api/v1). Every call sends `Authorization: Bearer <access key>`;
 * the key never goes into a URL (it would reach logs, history and Referer headers). Errors are the API's one
 * JSON shape, `{error: {code, message, field?}}`, kept on an ApiError with the HTTP status.
 */
// Relative to the page, so that a reverse proxy may serve the hub under a path (https://host/tedee/).
const BASE = 'api/v1';

export class ApiError extends Error {
  /** `body` is the API's error answer, `{error: {code, message, field?}}`. */
  constructor(status, body) {
    const error = body && typeof body.error === 'object' && body.error ? body.error : {};
    super(
      typeof error.message === 'string' && error.message ? error.message : `The hub answered HTTP ${status}.`,
    );
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof error.code === 'string' && error.code ? error.code : `HTTP_${status}`;
    this.field = typeof error.field === 'string' ? error.field : undefined;
  }
}

/** Lists come as an array, or as an object holding one (`{locks: [...]}`, `{items: [...]}`). */
function listOf(body, name) {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body[name])) return body[name];
  if (body && Array.isArray(body.items)) return body.items;
  return [];
}

/** A single resource may come bare or wrapped (`{key: {...}}`). */
function itemOf(body, name) {
  return body && typeof body === 'object' && body[name] && typeof body[name] === 'object' ? body[name] : body;
}

/**
 * `onUnauthorized(error)` is called on any 401 (a key deactivated or expired while the page is open), so the
 * page can sign out and say why.
 */
export function createApi(accessKey, { onUnauthorized = () => {} } = {}) {
  async function call(method, path, body) {
    const headers = { Authorization: `Bearer ${accessKey}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(BASE + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, {
        error: { code: 'NETWORK', message: 'The hub cannot be reached. Is it running?' },
      });
    }
    const text = await response.text();
    let data;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      const error = new ApiError(response.status, data);
      if (response.status === 401) onUnauthorized(error);
      throw error;
    }
    return { status: response.status, data };
  }

  const key = (id) => `/keys/${encodeURIComponent(id)}`;
  const lock = (id) => `/locks/${encodeURIComponent(id)}`;

  return {
    /** Who the caller is: `{application: {name, group}, accessKey: {prefix, ...}, rights: [...]}`. */
    me: async () => (await call('GET', '/me')).data,
    locks: async () => listOf((await call('GET', '/locks')).data, 'locks'),
    command: async (lockId, action) => (await call('POST', `${lock(lockId)}/${action}`)).data,
    keys: async () => listOf((await call('GET', '/keys')).data, 'keys'),
    key: async (id, { reveal = false } = {}) =>
      itemOf((await call('GET', reveal ? `${key(id)}?reveal=true` : key(id))).data, 'key'),
    profiles: async () => listOf((await call('GET', '/profiles')).data, 'profiles'),
    /** The dry run: `{dryRun: true, key, doors: [...]}`; nothing is written. */
    plan: async (request) => (await call('POST', '/keys', { ...request, dryRun: true })).data,
    /** 201 with the key, or 202 while doors are `waiting`. */
    issue: async (request) => itemOf((await call('POST', '/keys', request)).data, 'key'),
    update: async (id, changes) => itemOf((await call('PATCH', key(id), changes)).data, 'key'),
    replaceCode: async (id, person, doorcode) =>
      itemOf((await call('POST', `${key(id)}/replace-code`, { person, doorcode })).data, 'key'),
    resend: async (id, person) =>
      itemOf((await call('POST', `${key(id)}/resend`, person === undefined ? {} : { person })).data, 'key'),
    revoke: async (id) => itemOf((await call('POST', `${key(id)}/revoke`)).data, 'key'),
  };
}
