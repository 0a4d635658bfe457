// The admin token (or clerk JWT) lives in sessionStorage: it is gone when the tab closes, is not sent to other tabs
// or kept on disk across browser restarts like localStorage, and is never a cookie (so no CSRF surface). The price:
// each new tab logs in again.
const TOKEN_KEY = 'mc.token';

export type SessionEnd = 'logout' | 'expired';
type Listener = (ended?: SessionEnd) => void;
const listeners = new Set<Listener>();

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  listeners.forEach((listener) => listener());
}

export function clearToken(ended: SessionEnd): void {
  sessionStorage.removeItem(TOKEN_KEY);
  listeners.forEach((listener) => listener(ended));
}

export function onTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
