/**
 * Loaded by the operator's page (index.html). In a plain browser (the dev/test host) the page
 * starts the database host as a Web Worker, so it writes IndexedDB off the UI thread. In
 * Electron the preload has already put `window.portcullis` there and the hidden database
 * window is the database host, so nothing starts here.
 */
export const databaseHostWorker: Worker | null =
  'portcullis' in window ? null : new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'portcullis-database-host' });
