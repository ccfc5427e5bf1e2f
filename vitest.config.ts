import { defineConfig } from 'vitest/config';

// Unit and integration tests for the parts that run in plain Node: shared/, electron/core,
// electron/gsdk, electron/sim, electron/host, and electron/main with 'electron' mocked; the
// icons and the packed app (scripts/).
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
