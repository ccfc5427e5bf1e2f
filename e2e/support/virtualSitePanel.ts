import { expect, type Locator, type Page } from '@playwright/test';

/*
 * The Devices page's Virtual site panel and the Monitoring page's real-time log, as the specs
 * that act at a virtual device reach them.
 */

export const deviceRow = (page: Page, deviceID: number): Locator => page.locator(`[data-testid="device-row"][data-device-id="${deviceID}"]`);

/** Rows of the real-time log whose text holds `text`. */
export const logRow = (page: Page, text: string): Locator => page.getByTestId('event-row').filter({ hasText: text });

export async function goTo(page: Page, section: 'Overview' | 'Devices' | 'Users' | 'Monitoring' | 'Settings'): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: section, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible();
}

/** Selects the device on the Devices page and returns its Virtual site panel, once it knows the device. */
export async function openVirtualSitePanel(page: Page, deviceID: number): Promise<Locator> {
  await goTo(page, 'Devices');
  await deviceRow(page, deviceID).click();
  const panel = page.getByTestId('device-detail').getByTestId('virtual-site-panel');
  await expect(panel.getByTestId('virtual-device-summary')).toContainText('Cable');
  return panel;
}
