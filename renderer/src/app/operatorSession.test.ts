import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../shared/domain/operators';
import { requestNames, type ConsoleApi, type RequestName } from '../../../shared/ipc/contract';
import type { HostLink, HostLinkStatus } from '../api/hostLink';
import { createStore } from 'zustand/vanilla';
import { mayRequest, type OperatorState } from '../stores/operatorStore';
import { ACTIVITY_NOTE_MS, followOperatorSession } from './operatorSession';

const ada = { id: 'a', name: 'Ada', role: 'administrator', createdAt: 0 } as const;
const mona = { id: 'm', name: 'Mona', role: 'monitoringOperator', createdAt: 0 } as const;
const signedIn: SessionView = { state: 'signedIn', operator: ada, idleLockMinutes: 10 };

function harness(first: SessionView) {
  let clock = 0;
  const notes: number[] = [];
  const sessionListeners = new Set<(session: SessionView) => void>();
  const inputListeners = new Map<string, () => void>();
  const unused = Object.fromEntries(requestNames.map((name) => [name, () => Promise.reject(new Error(`${name} unused`))])) as Record<RequestName, () => Promise<never>>;
  const api = {
    ...unused,
    getSession: () => Promise.resolve(first),
    noteOperatorActivity: () => {
      notes.push(clock);
      return Promise.resolve(null);
    },
    onSessionChanged: (listener: (session: SessionView) => void) => {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },
  } as unknown as ConsoleApi;
  const status: HostLinkStatus = { state: 'open', opens: 1, attempt: 0, nextRetryAt: null, error: null };
  const link: HostLink = { status: () => status, subscribe: () => () => undefined, reconnectNow: () => undefined };
  const store = createStore<OperatorState>()(() => ({ session: null }));
  let signIns = 0;
  const stop = followOperatorSession({
    api,
    link,
    store,
    onSignedIn: () => (signIns += 1),
    now: () => clock,
    target: { addEventListener: (name: string, listener: () => void) => inputListeners.set(name, listener), removeEventListener: () => undefined } as unknown as Window,
  });
  return {
    store,
    notes,
    signIns: () => signIns,
    push: (session: SessionView) => sessionListeners.forEach((listener) => listener(session)),
    input: (at: number) => {
      clock = at;
      inputListeners.get('keydown')?.();
    },
    stop,
  };
}

describe('followOperatorSession', () => {
  it('takes the session at start and on every change, and reloads the lists on each sign-in or unlock', async () => {
    const window = harness({ state: 'signedOut' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(window.store.getState().session).toEqual({ state: 'signedOut' });
    window.push(signedIn);
    expect(window.signIns()).toBe(1);
    window.push({ state: 'locked', operator: ada });
    window.push(signedIn);
    expect(window.signIns()).toBe(2);
    window.stop();
  });

  it('tells the core of the operator’s input at most every few seconds, and only while signed in', async () => {
    const window = harness(signedIn);
    await new Promise((resolve) => setTimeout(resolve, 0));
    window.input(1_000);
    window.input(2_000);
    window.input(1_000 + ACTIVITY_NOTE_MS);
    expect(window.notes).toEqual([1_000, 1_000 + ACTIVITY_NOTE_MS]);
    window.push({ state: 'locked', operator: ada });
    window.input(10 * ACTIVITY_NOTE_MS);
    expect(window.notes).toHaveLength(2);
    window.stop();
  });
});

describe('mayRequest (what the window shows)', () => {
  it('follows the role table the core enforces', () => {
    const monitoring: SessionView = { state: 'signedIn', operator: mona, idleLockMinutes: 10 };
    expect(mayRequest(monitoring, 'listDevices')).toBe(true);
    expect(mayRequest(monitoring, 'saveUser')).toBe(false);
    expect(mayRequest(signedIn, 'setSyncMode')).toBe(true);
    expect(mayRequest({ state: 'locked', operator: ada }, 'listDevices')).toBe(false);
    expect(mayRequest({ state: 'signedOut' }, 'signIn')).toBe(true);
    expect(mayRequest(null, 'listDevices')).toBe(false);
  });
});
