import { contextBridge } from 'electron';
import { createPreloadApi } from './ipc/preloadBridge';

// The whole preload: one object, named functions only (see shared/ipc/contract.ts).
contextBridge.exposeInMainWorld('portcullis', createPreloadApi());
