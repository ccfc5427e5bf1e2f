import type { SessionView } from '../../../shared/domain/operators';
import type { ConsoleApi, Unsubscribe } from '../../../shared/ipc/contract';
import type { HostLink, HostLinkStatus } from '../api/hostLink';
import type { OperatorStore } from '../stores/operatorStore';

export interface OperatorSessionDeps {
  api: ConsoleApi;
  link: HostLink;
  store: OperatorStore;
  /** Someone signed in or unlocked: the lists are read again (events were withheld meanwhile). */
  onSignedIn(): void;
  /** The window to listen on for the operator's input. */
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
}

/** Input is reported at most this often: enough for an idle time counted in minutes. */
export const ACTIVITY_NOTE_MS = 15_000;
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'pointermove'] as const;

/**
 * Follows this window's session: asks the core for it whenever the link (re)opens (a new
 * WebSocket is a new session), takes every `sessionChanged`, and tells the core of the
 * operator's input (noteOperatorActivity, throttled) so the idle lock counts from the last
 * keystroke or click, not from the last request. The core decides; this only reports.
 */
export function followOperatorSession(deps: OperatorSessionDeps): Unsubscribe {
  const { api, link, store } = deps;
  const now = deps.now ?? Date.now;
  const target = deps.target ?? window;
  let lastNote = Number.NEGATIVE_INFINITY;
  let lastOpens = 0;

  function take(session: SessionView): void {
    const before = store.getState().session;
    store.setState({ session });
    if (session.state === 'signedIn' && before?.state !== 'signedIn') deps.onSignedIn();
  }

  function load(): void {
    api.getSession().then(take, (error: unknown) => console.warn('getSession failed:', error));
  }

  function onInput(): void {
    if (store.getState().session?.state !== 'signedIn' || now() - lastNote < ACTIVITY_NOTE_MS) return;
    lastNote = now();
    api.noteOperatorActivity().catch((error: unknown) => console.warn('noteOperatorActivity failed:', error));
  }

  function onLink(status: HostLinkStatus): void {
    if (status.state === 'open' && status.opens !== lastOpens) {
      lastOpens = status.opens;
      load();
    }
  }

  const unsubscribers: Unsubscribe[] = [api.onSessionChanged(take), link.subscribe(onLink)];
  for (const name of INPUT_EVENTS) target.addEventListener(name, onInput, { passive: true });
  onLink(link.status());
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    for (const name of INPUT_EVENTS) target.removeEventListener(name, onInput);
  };
}
