/**
 * Where the access key is kept: sessionStorage only. It lives as long as the tab, survives a reload, is not
 * shared with other tabs, and is gone when the tab closes or the user signs out. Never localStorage (it would
 * outlive the session on a shared or lost phone) and never a cookie (the browser would send it by itself, which
 * opens the API to cross-site requests; the API reads only the Authorization header).
 */
const STORAGE_KEY = 'tedee-hub.accessKey';

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be disabled by the browser's privacy settings: the page then works until a reload.
    return undefined;
  }
}

export function readAccessKey() {
  return storage()?.getItem(STORAGE_KEY) ?? null;
}

export function saveAccessKey(key) {
  storage()?.setItem(STORAGE_KEY, key);
}

export function forgetAccessKey() {
  storage()?.removeItem(STORAGE_KEY);
}
