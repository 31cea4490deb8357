/**
 * The Keys page: sign-in, the views (#/ doors and keys, #/add, #/keys/<id>) and live updates. What the
 * application's group may not do is not offered: the page asks GET /api/v1/me for the caller's rights and builds
 * only the controls they allow (the API refuses the rest anyway, with 403).
 */
import { createApi } from './api.js';
import { byId, el, show } from './dom.js';
import { renderDoors } from './doors.js';
import { followEvents } from './events.js';
import { errorText } from './format.js';
import { renderKeyDetail } from './keyDetail.js';
import { renderKeyForm } from './keyForm.js';
import { renderKeys } from './keyList.js';
import { forgetAccessKey, readAccessKey, saveAccessKey } from './session.js';

const LIVE_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

/** Everything of one signed-in session; replaced as a whole at sign-in, dropped at sign-out. */
let session;

/** A short note at the bottom; the newest three stay, each for a few seconds. */
function toast(text, tone = 'neutral') {
  const toasts = byId('toasts');
  const note = el('p', { class: `toast ${tone}` }, text);
  toasts.append(note);
  while (toasts.children.length > 3) toasts.firstElementChild.remove();
  setTimeout(() => note.remove(), 4_000);
}

function showView(name) {
  for (const view of ['sign-in', 'overview', 'add', 'key']) show(byId(`${view}-view`), view === name);
  byId('view-error').textContent = '';
}

function showSignIn(reason = '') {
  show(byId('session'), false);
  showView('sign-in');
  byId('sign-in-error').textContent = reason;
  byId('access-key').value = '';
  byId('access-key').focus();
}

function drawDoors() {
  renderDoors(byId('door-list'), [...session.locks.values()], {
    canOperate: session.rights.has('locks.operate'),
    onCommand: async (lock, action) => {
      try {
        await session.api.command(lock.id, action);
        toast(`${lock.name}: ${action} sent`);
      } catch (caught) {
        toast(`${lock.name}: ${caught.code}: ${errorText(caught)}`, 'bad');
      }
    },
  });
}

function drawKeys() {
  renderKeys(byId('key-list'), [...session.keys.values()], session.locks, byId('key-filter').value);
}

/**
 * Reads doors, keys and profiles. Each part stands alone: keys off on the hub (KEYS_UNAVAILABLE) still shows the
 * doors. Rejects with the first failure, after drawing what came.
 */
async function loadAll() {
  const { api, rights } = session;
  const [locks, keys, profiles] = await Promise.allSettled([
    rights.has('locks.read') ? api.locks() : [],
    rights.has('keys.read') ? api.keys() : [],
    rights.has('profiles.read') ? api.profiles() : null,
  ]);
  if (session?.api !== api) return; // signed out meanwhile
  session.locks = new Map((locks.value ?? []).map((lock) => [lock.id, lock]));
  session.keys = new Map((keys.value ?? []).map((key) => [key.id, key]));
  session.profiles = profiles.value ?? null;
  drawDoors();
  drawKeys();
  const failed = [locks, keys].find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** loadAll, with what failed said above the doors and keys. */
async function load() {
  const message = byId('load-error');
  message.textContent = '';
  try {
    await loadAll();
  } catch (caught) {
    if (session) message.textContent = `${caught.code ?? 'ERROR'}: ${errorText(caught)}`;
  }
}

function keyChanged(key) {
  session.keys.set(key.id, key);
  drawKeys();
  if (session.detail?.id === key.id) session.detail.update(key);
}

/** The API's events (src/api/eventRing.ts): the hub's, with keys masked and deliveries without codes or links. */
function onEvent(name, data) {
  if (!session || !data || typeof data !== 'object') return;
  if (name === 'stateChanged' && data.lock) {
    session.locks.set(data.lock.id, data.lock);
    drawDoors();
  } else if (name === 'availabilityChanged' && session.locks.has(data.lockId)) {
    session.locks.set(data.lockId, { ...session.locks.get(data.lockId), available: data.available });
    drawDoors();
  } else if (name === 'keyChanged' && data.key) {
    keyChanged(data.key);
  } else if (name === 'commandFinished' && data.command) {
    const lock = session.locks.get(data.command.lockId);
    const reason = data.reason ? ` (${data.reason})` : '';
    toast(
      `${lock?.name ?? data.command.lockId}: ${data.command.action} ${data.outcome}${reason}`,
      data.outcome === 'confirmed' ? 'good' : 'bad',
    );
  } else if (name === 'delivery' && data.person) {
    toast(`Credentials sent to ${data.person.name}`);
  } else if (name === 'healthChanged' && data.state !== 'ok') {
    toast(`Hub ${data.state}${data.reason ? `: ${data.reason}` : ''}`, 'bad');
  } else if (name === 'reset') {
    // The API no longer holds the events missed while away: read the state again.
    void load();
  }
}

function onLiveState(state, detail) {
  const live = byId('live');
  live.dataset.state = state;
  if (state === 'refused') {
    if (detail?.status === 401) {
      const error = detail.body?.error ?? {};
      return signOut(`${error.code ?? 'AUTH'}: ${error.message ?? 'The access key was refused.'}`);
    }
    live.textContent = 'Live updates off';
    return;
  }
  live.textContent = LIVE_TEXT[state] ?? state;
}

async function route() {
  if (!session) return;
  const hash = location.hash;
  session.detail = undefined;
  try {
    if (hash === '#/add' && session.rights.has('keys.write')) {
      showView('add');
      renderKeyForm(byId('add-view'), {
        api: session.api,
        locks: session.locks,
        profiles: session.profiles,
        onIssued: (key) => {
          keyChanged(key);
          toast(`Key ${key.name} issued: ${key.status}`, 'good');
          location.hash = `#/keys/${encodeURIComponent(key.id)}`;
        },
      });
    } else if (hash.startsWith('#/keys/') && session.rights.has('keys.read')) {
      const id = decodeURIComponent(hash.slice('#/keys/'.length));
      const key = await session.api.key(id);
      if (!session) return;
      showView('key');
      const update = renderKeyDetail(byId('key-view'), {
        api: session.api,
        key,
        locks: session.locks,
        rights: session.rights,
        onChanged: keyChanged,
        toast,
      });
      session.detail = { id, update };
      byId('key-title').focus(); // screen readers start at the key's name
    } else {
      showView('overview');
    }
  } catch (caught) {
    // A 401 has signed out already: the sign-in screen stays, with its reason.
    if (!session) return;
    showView('overview');
    byId('view-error').textContent = `${caught.code ?? 'ERROR'}: ${errorText(caught)}`;
  }
}

function signOut(reason = '') {
  session?.events.abort();
  session = undefined;
  forgetAccessKey();
  byId('door-list').replaceChildren();
  byId('key-list').replaceChildren();
  byId('add-view').replaceChildren();
  byId('key-view').replaceChildren();
  history.replaceState(null, '', location.pathname);
  showSignIn(reason);
}

async function signIn(accessKey) {
  const api = createApi(accessKey, {
    onUnauthorized: (error) => session && signOut(`${error.code}: ${errorText(error)}`),
  });
  let me;
  try {
    me = await api.me();
  } catch (caught) {
    if (caught.status === 401) forgetAccessKey();
    showSignIn(`${caught.code}: ${errorText(caught)}`);
    return;
  }
  saveAccessKey(accessKey);
  const rights = new Set(me.rights ?? []);
  session?.events.abort(); // a sign-in never leaves an earlier session's stream running
  session = {
    api,
    me,
    rights,
    locks: new Map(),
    keys: new Map(),
    profiles: null,
    events: new AbortController(),
  };
  byId('who').textContent =
    `${me.application?.name ?? 'Application'} (${me.application?.group ?? '?'}) · key ${me.accessKey?.prefix ?? ''}…`;
  show(byId('session'));
  show(byId('doors-section'), rights.has('locks.read'));
  show(byId('keys-section'), rights.has('keys.read'));
  show(byId('add-key'), rights.has('keys.write'));
  if (rights.has('events.read')) {
    void followEvents({ accessKey, signal: session.events.signal, onEvent, onState: onLiveState });
  } else {
    byId('live').textContent = 'Live updates off';
  }
  await load();
  await route();
}

function start() {
  byId('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = byId('access-key').value.trim();
    if (!key) return showSignIn('Enter an access key.');
    byId('sign-in-error').textContent = '';
    const button = event.target.querySelector('button[type="submit"]');
    button.disabled = true; // one sign-in at a time, however often it is tapped
    try {
      await signIn(key);
    } finally {
      button.disabled = false;
    }
  });
  byId('sign-out').addEventListener('click', () => signOut());
  byId('key-filter').addEventListener('change', () => session && drawKeys());
  // Only "#/..." addresses are views; "#main" (the skip link) moves the focus and leaves the view alone.
  window.addEventListener('hashchange', () => {
    if (location.hash === '' || location.hash.startsWith('#/')) void route();
  });
  const saved = readAccessKey();
  if (saved) void signIn(saved);
  else showSignIn();
}

start();
