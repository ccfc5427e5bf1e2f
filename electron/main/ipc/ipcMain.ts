import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { ipcEventChannel, ipcRequestChannel, requestNames, type EventSink, type RequestHandlers, type Unsubscribe } from '../../../shared/ipc/contract';
import { dispatchRequest } from '../../../shared/ipc/dispatch';
import { isTrustedSenderUrl } from './trustedSender';

export interface IpcCore {
  handlers: RequestHandlers;
  subscribe(sink: EventSink): Unsubscribe;
}

/**
 * Registers one handler per request of the contract. Each checks the sender's frame, then lets
 * the dispatcher validate the payload against the contract's schema before the core sees it.
 */
export function registerIpcHandlers(core: IpcCore): Unsubscribe {
  for (const name of requestNames) {
    ipcMain.handle(ipcRequestChannel(name), async (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        throw new Error(`refused ${name}: the sender is not the Portcullis window`);
      }
      return dispatchRequest(core.handlers, name, args);
    });
  }
  const unsubscribe = core.subscribe({
    emit(name, payload) {
      for (const contents of webContents.getAllWebContents()) {
        if (!contents.isDestroyed() && isTrustedSenderUrl(contents.getURL())) contents.send(ipcEventChannel(name), payload);
      }
    },
  });
  return () => {
    unsubscribe();
    for (const name of requestNames) ipcMain.removeHandler(ipcRequestChannel(name));
  };
}

