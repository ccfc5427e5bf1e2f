import { test, type BrowserContext, type Page } from '@playwright/test';
import { ControlApi } from './controlApi';
import { startHost, type RunningHost } from './host';

/** A spec file's own dev/test host on the virtual site, with one browser context and page. */
export interface OwnSite {
  site: RunningHost;
  control: ControlApi;
  context: BrowserContext;
  page: Page;
}

/**
 * Starts a host of the file's own (with these host arguments) before its tests and stops it
 * after them, with ONE browser context for the whole file: the console's database lives in the
 * page's browser profile, so the database the page shows must be the one attached while the
 * core writes (a fresh context per test would be a fresh, different database behind the same
 * engine). The tests of such a file run in order. Read the fields inside tests and hooks only.
 */
export function useOwnSite(hostArgs: string[] = []): OwnSite {
  const own: Partial<OwnSite> = {};
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }) => {
    own.site = await startHost(hostArgs);
    const controlPort = own.site.virtualSite?.controlPort;
    if (controlPort === undefined) throw new Error('the host started without its virtual site');
    own.control = new ControlApi(controlPort);
    own.context = await browser.newContext();
    own.page = await own.context.newPage();
  });
  test.afterAll(async () => {
    await own.context?.close();
    await own.site?.stop();
  });
  return new Proxy(own, {
    get(target, field: keyof OwnSite) {
      const value = target[field];
      if (value === undefined) throw new Error(`the own site's ${field} is read before its beforeAll ran`);
      return value;
    },
  }) as OwnSite;
}
