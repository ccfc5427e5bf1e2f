import type { Unsubscribe } from '../../../shared/ipc/contract';

/**
 * The renderer's link to the console core: the WebSocket bridge in a browser, Electron IPC in
 * the desktop shell. The contract (ConsoleApi) says nothing about the link itself, so its
 * health travels beside the API as this small signal.
 */
export type HostLinkState =
  /** Opening (first time, or again after a loss). Requests wait for it. */
  | 'connecting'
  /** Up; requests go out at once. */
  | 'open'
  /** Lost or not reachable; a new attempt is scheduled. Requests fail at once. */
  | 'disconnected'
  /** Shut down for good (dispose). */
  | 'closed';

export interface HostLinkStatus {
  readonly state: HostLinkState;
  /** How many times the link has opened. Above 1, the link came back after a loss. */
  readonly opens: number;
  /** Failed attempts since the link was last open. */
  readonly attempt: number;
  /** Epoch ms of the next automatic attempt while disconnected. */
  readonly nextRetryAt: number | null;
  /** Why the link is down, in words for the operator. */
  readonly error: string | null;
}

export interface HostLink {
  /** The current status; a new object whenever anything in it changes. */
  status(): HostLinkStatus;
  subscribe(listener: (status: HostLinkStatus) => void): Unsubscribe;
  /** Skip the backoff wait and try again now (no-op unless disconnected). */
  reconnectNow(): void;
}

/** Electron IPC cannot drop: the window and the main process live and die together. */
export function alwaysOpenLink(): HostLink {
  const status: HostLinkStatus = { state: 'open', opens: 1, attempt: 0, nextRetryAt: null, error: null };
  return {
    status: () => status,
    subscribe: () => () => {},
    reconnectNow: () => {},
  };
}
