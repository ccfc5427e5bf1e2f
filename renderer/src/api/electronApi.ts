import { eventNames, requestNames, subscriberName, type ConsoleApi } from '../../../shared/ipc/contract';

/**
 * The Electron preload's API (contextBridge.exposeInMainWorld('portcullis', …)), or null in a
 * plain browser. A preload from another build that lacks a function is reported, not patched.
 */
export function getElectronApi(win: Pick<Window, 'portcullis'> = window): ConsoleApi | null {
  const api = win.portcullis;
  if (api === undefined || api === null) return null;
  const expected = [...requestNames, ...eventNames.map((name) => subscriberName(name))];
  const missing = expected.filter((name) => typeof (api as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) console.warn(`window.portcullis lacks ${missing.join(', ')}; is the preload from another build?`);
  return api;
}
