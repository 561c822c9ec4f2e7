// The API token in the headless shell's browser console. A page served to this machine carries it in a meta tag
// (same-origin only); a console opened from another computer gets it once from the #token= link printed at
// start-up, or typed in. It travels as a Bearer header and, on WebSockets, as a subprotocol (never in a URL).
const STORAGE_KEY = 'gb.apiToken';
const META_NAME = 'gb-api-token';
/** Must match src/main/api/http/auth.ts. */
export const WS_PROTOCOL = 'gb.v1';
const WS_TOKEN_PREFIX = 'gb.token.';

let current: string | null = null;

function fromPage(doc: Pick<Document, 'querySelector'>): string | null {
  return doc.querySelector(`meta[name="${META_NAME}"]`)?.getAttribute('content') || null;
}

function fromLink(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  const token = decodeURIComponent(match[1]);
  localStorage.setItem(STORAGE_KEY, token);
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return token;
}

export function apiToken(): string | null {
  current ??= fromPage(document) ?? fromLink() ?? localStorage.getItem(STORAGE_KEY);
  return current;
}

/** A token the installer typed in, or the new one after a rotation. */
export function saveApiToken(token: string): void {
  current = token;
  if (!fromPage(document)) localStorage.setItem(STORAGE_KEY, token);
}

/**
 * After a 401 or a socket closed for a rotated token: reads the token from a fresh copy of this console's page.
 * True when a different token was found.
 */
export async function refreshApiToken(origin = window.location.origin): Promise<boolean> {
  try {
    const res = await fetch(new URL('/', origin), { cache: 'no-store', credentials: 'same-origin' });
    const token = fromPage(new DOMParser().parseFromString(await res.text(), 'text/html'));
    if (!token || token === current) return false;
    current = token;
    return true;
  } catch {
    return false;
  }
}

export function authHeaders(): Record<string, string> {
  const token = apiToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Subprotocols for a console WebSocket: the protocol, and the token beside it when there is one. */
export function socketProtocols(token = apiToken()): string[] {
  return token ? [WS_PROTOCOL, WS_TOKEN_PREFIX + token] : [WS_PROTOCOL];
}
