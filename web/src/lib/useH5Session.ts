import { useCallback, useEffect, useState } from 'react';
import { h5Api, unwrap, type H5TokenPair, type H5User } from '../api/client';

export interface H5Session {
  user: H5User;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/** Renew this long before the access token (15 minutes) runs out. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The H5 user the console is acting as. The tokens live in this component's memory only (never storage), so they
 * go with the page; the access token is renewed with the refresh token before it expires.
 */
export function useH5Session() {
  const [session, setSession] = useState<H5Session | null>(null);
  const [refreshError, setRefreshError] = useState<Error | null>(null);

  const signIn = useCallback((pair: H5TokenPair) => {
    setRefreshError(null);
    setSession({ user: pair.user, accessToken: pair.access_token, refreshToken: pair.refresh_token, expiresAt: Date.now() + pair.expires_in * 1000 });
  }, []);
  const signOut = useCallback(() => setSession(null), []);

  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(
      () => {
        void (async () => {
          try {
            const pair = unwrap(await h5Api().POST('/api/v1/h5/auth/refresh', { body: { refresh_token: session.refreshToken } }));
            setSession((current) => (current?.refreshToken === session.refreshToken ? { ...current, accessToken: pair.access_token, refreshToken: pair.refresh_token, expiresAt: Date.now() + pair.expires_in * 1000 } : current));
          } catch (error) {
            setRefreshError(error as Error);
            setSession(null);
          }
        })();
      },
      Math.max(5_000, session.expiresAt - Date.now() - REFRESH_MARGIN_MS),
    );
    return () => clearTimeout(timer);
  }, [session]);

  return { session, signIn, signOut, refreshError };
}
