import { test as base, expect } from '@playwright/test';
import { ControlApi } from './controlApi';
import { startHost, type RunningHost } from './host';

/**
 * `site`: one dev/test host with its virtual site, shared by the tests of a worker (tests put
 * back whatever they change). `control`: that site's control API.
 */
export const test = base.extend<{ control: ControlApi }, { site: RunningHost }>({
  site: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const host = await startHost();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],
  control: async ({ site }, use) => {
    if (!site.virtualSite) throw new Error('the host started without a virtual site');
    await use(new ControlApi(site.virtualSite.controlPort));
  },
});

export { expect };
