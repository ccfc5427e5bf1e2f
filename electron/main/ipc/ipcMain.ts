import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcEventChannel, ipcRequestChannel, requestNames, type EventSink, type RequestHandlers, type Unsubscribe } from '../../../shared/ipc/contract';
import { dispatchRequest, type CallerSession } from '../../../shared/ipc/dispatch';
import { isTrustedSenderUrl } from './trustedSender';

/** A session the core opens for a window; closed when the window goes. */
export interface ShellSession extends CallerSession {
  close(): void;
}

export interface IpcCore<S extends ShellSession> {
  handlers: RequestHandlers<S>;
  /** A window's session: who is signed in there; the core's events reach `sink` while someone is. */
  openSession(sink: EventSink): S;
}

/**
 * Registers one handler per request of the contract. Each checks the sender's frame, then lets
 * the dispatcher check the window's session (who is signed in, locked, their role) and validate
 * the payload against the contract's schema before the core sees it. One session per window
 * (WebContents), opened at its first request and closed with it; a reload keeps it.
 */
export function registerIpcHandlers<S extends ShellSession>(core: IpcCore<S>): Unsubscribe {
  const sessions = new Map<number, S>();

  function sessionOf(contents: WebContents): S {
    const known = sessions.get(contents.id);
    if (known) return known;
    const session = core.openSession({
      emit(name, payload) {
        if (!contents.isDestroyed() && isTrustedSenderUrl(contents.getURL())) contents.send(ipcEventChannel(name), payload);
      },
    });
    sessions.set(contents.id, session);
    contents.once('destroyed', () => {
      sessions.delete(contents.id);
      session.close();
    });
    return session;
  }

  for (const name of requestNames) {
    ipcMain.handle(ipcRequestChannel(name), async (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        throw new Error(`refused ${name}: the sender is not the Portcullis window`);
      }
      return dispatchRequest(core.handlers, name, args, sessionOf(event.sender));
    });
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(ipcRequestChannel(name));
    for (const session of sessions.values()) session.close();
    sessions.clear();
  };
}
