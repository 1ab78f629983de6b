/**
 * First-party persistence: a cookie (1 year, SameSite=Lax, host-only, Secure on https) with a
 * localStorage copy, so an id survives when either one is blocked or cleared.
 */
const YEAR = 31536000;

function ls(): Storage | null {
  try {
    const s = window.localStorage;
    const k = '__kt';
    s.setItem(k, k);
    s.removeItem(k);
    return s;
  } catch {
    return null;
  }
}
const local = ls();

export function readCookie(name: string): string | null {
  try {
    for (const part of document.cookie.split('; ')) {
      const i = part.indexOf('=');
      if (part.slice(0, i) === name) return decodeURIComponent(part.slice(i + 1));
    }
  } catch {
    /* cookies disabled */
  }
  return null;
}

function writeCookie(name: string, value: string | null) {
  try {
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in browsers the snippet supports (Safari 13, Firefox 78).
    document.cookie = `${name}=${value === null ? '' : encodeURIComponent(value)}; Max-Age=${value === null ? 0 : YEAR}; Path=/; SameSite=Lax${secure}`;
  } catch {
    /* cookies disabled */
  }
}

/** A small value (id, consent flag): cookie first, localStorage as the fallback. */
export function get(name: string): string | null {
  const c = readCookie(name);
  if (c) return c;
  try {
    return local ? local.getItem(name) : null;
  } catch {
    return null;
  }
}

export function set(name: string, value: string | null) {
  writeCookie(name, value);
  setLocal(name, value);
}

/** A larger value (the queue): localStorage only. */
export function getLocal(name: string): string | null {
  try {
    return local ? local.getItem(name) : null;
  } catch {
    return null;
  }
}

export function setLocal(name: string, value: string | null) {
  try {
    if (!local) return;
    if (value === null) local.removeItem(name);
    else local.setItem(name, value);
  } catch {
    /* quota exceeded or storage disabled: the in-memory queue still works */
  }
}
