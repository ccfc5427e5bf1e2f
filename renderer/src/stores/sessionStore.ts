import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { HostLinkStatus } from '../api/hostLink';

/** The console session as the frame shows it: link health, load progress, app info. */
export interface SessionState {
  link: HostLinkStatus;
  /** 'done' once devices and gateways have both been loaded (stays 'done' after). */
  initialLoad: 'pending' | 'done';
  /** A load (initial or after a reconnect) is in flight. */
  loading: boolean;
  /** Why the last load failed; null after a success. */
  loadError: string | null;
  /** Epoch ms of the next automatic load attempt after a failure. */
  nextLoadAt: number | null;
  appInfo: AppInfo | null;
}

export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(link: HostLinkStatus): SessionStore {
  return createStore<SessionState>()(() => ({
    link,
    initialLoad: 'pending',
    loading: false,
    loadError: null,
    nextLoadAt: null,
    appInfo: null,
  }));
}

export const sessionStore = createSessionStore({ state: 'connecting', opens: 0, attempt: 0, nextRetryAt: null, error: null });

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}
