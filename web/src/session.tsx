import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from './api.ts';
import type { Me } from './types.ts';

export const ME_KEY = ['me'] as const;

/** `null` means "not logged in": a 401 is an answer here, not an error. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await get<Me>('/auth/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

interface Session {
  me: Me;
  can: (permission: string) => boolean;
  /** After a change that affects `me` (workspace switch, profile edit). */
  setMe: (me: Me | null) => void;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const qc = useQueryClient();
  const setMe = useCallback((m: Me | null) => qc.setQueryData(ME_KEY, m), [qc]);
  const logout = useCallback(async () => {
    try {
      await post('/auth/logout');
    } finally {
      // Drop every cached page so the next user of this browser sees nothing of the last one.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, null);
    }
  }, [qc]);
  const value = useMemo<Session>(() => {
    const perms = new Set(me.permissions);
    return { me, can: (p) => perms.has(p), setMe, logout };
  }, [me, setMe, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
