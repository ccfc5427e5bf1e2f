import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The operator's window and the database host's page. Built once and served two ways: by the
 * Electron shell from app://portcullis/ and by the dev/test host from http://127.0.0.1:<port>/,
 * hence relative asset URLs (base './'). Both shells send a strict CSP (script-src 'self'), so index.html
 * carries no inline script.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No modulepreload polyfill: it is injected as code that a strict CSP may not like, and
    // both shells run a current Chromium that supports <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        // The operator's window; in a plain browser it also starts the database host worker.
        index: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        // Electron's hidden database window (electron/main/databaseWindow.ts).
        dbhost: fileURLToPath(new URL('./renderer/dbhost.html', import.meta.url)),
      },
    },
  },
  // The database host worker (renderer/dbhost/worker.ts) is a module worker, like its imports.
  worker: { format: 'es' },
  // The renderer imports ../shared (contract, schemas); let the dev server read it.
  server: { fs: { allow: [repoRoot] } },
});
