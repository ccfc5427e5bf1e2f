import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { roleAtLeast, type SessionView } from '../../../shared/domain/operators';
import type { RequestName } from '../../../shared/ipc/contract';
import { ruleOf } from '../../../shared/ipc/requestAccess';

/** This window's session as the core last told it; null until the first answer. */
export interface OperatorState {
  session: SessionView | null;
}

export type OperatorStore = StoreApi<OperatorState>;

export const operatorStore: OperatorStore = createStore<OperatorState>()(() => ({ session: null }));

export function useOperatorSession(): SessionView | null {
  return useStore(operatorStore, (state) => state.session);
}

/**
 * Whether this window's operator may make `name` (shared/ipc/requestAccess.ts, the table the
 * core enforces): the window hides what the role cannot do. Only hiding: the core refuses it
 * anyway.
 */
export function mayRequest(session: SessionView | null, name: RequestName): boolean {
  const { access } = ruleOf(name);
  if (access === 'anyone') return true;
  if (session === null || (session.state !== 'signedIn' && session.state !== 'locked')) return false;
  if (access === 'signedIn') return true;
  return session.state === 'signedIn' && roleAtLeast(session.operator.role, access);
}

export function useMayRequest(name: RequestName): boolean {
  return useStore(operatorStore, (state) => mayRequest(state.session, name));
}
