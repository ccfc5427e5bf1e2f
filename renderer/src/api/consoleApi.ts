import type { ConsoleApi } from '../../../shared/ipc/contract';
import { createBridgeClient } from './bridgeApi';
import { getElectronApi } from './electronApi';
import { alwaysOpenLink, type HostLink } from './hostLink';

export interface ConsoleConnection {
  api: ConsoleApi;
  link: HostLink;
  shell: 'electron' | 'browser';
}

/**
 * Inside Electron the preload has put `window.portcullis` there before any page script runs;
 * anywhere else (the dev/test host in a browser) the same API is built over the WebSocket bridge
 * of the host that served the page.
 */
export function connectConsole(): ConsoleConnection {
  const electronApi = getElectronApi();
  if (electronApi !== null) return { api: electronApi, link: alwaysOpenLink(), shell: 'electron' };
  const bridge = createBridgeClient();
  return { api: bridge.api, link: bridge.link, shell: 'browser' };
}
