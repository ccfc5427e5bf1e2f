import { ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, ipcEventChannel, ipcRequestChannel, requestNames, subscriberName, type EventName } from '../../../shared/ipc/channels';
import type { ConsoleApi, EventPayload } from '../../../shared/ipc/contract';

/**
 * Builds the object the preload exposes: one named function per request and one `onX` per
 * event, straight from the contract's name lists. The renderer never gets ipcRenderer or a
 * generic invoke.
 */
export function createPreloadApi(): ConsoleApi {
  const api: Record<string, unknown> = {};
  for (const name of requestNames) {
    api[name] = (args?: unknown) => ipcRenderer.invoke(ipcRequestChannel(name), args);
  }
  for (const name of eventNames) api[subscriberName(name)] = subscribe(name);
  return Object.freeze(api) as ConsoleApi;
}

function subscribe<K extends EventName>(name: K) {
  return (listener: (payload: EventPayload<K>) => void) => {
    const channel = ipcEventChannel(name);
    const forward = (_event: IpcRendererEvent, payload: EventPayload<K>): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  };
}
