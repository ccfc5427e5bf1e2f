/// <reference types="vite/client" />
import type { ConsoleApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** The Electron preload's API (contextBridge); absent in a plain browser. */
    portcullis?: ConsoleApi;
  }
}

export {};
