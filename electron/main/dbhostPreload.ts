import { forwardDatabasePort, type PortTarget } from './ipc/databasePort';

// The whole preload of the hidden database window: hand main's MessagePort to the page
// (renderer/dbhost/windowHost.ts). The window object is the DOM's, typed here by what is used.
forwardDatabasePort(globalThis as unknown as PortTarget);
