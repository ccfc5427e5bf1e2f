import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parseCsv } from '../../shared/csv';
import type { ControlApi } from '../support/controlApi';
import type { RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';
import { goTo } from '../support/virtualSitePanel';

/*
 * Issue 6, "Playwright: trigger events through the control API and see them live; pause, resume,
 * filter, export and check the CSV", as one operator's session: site traffic started through the
 * control API streams into the Real-time log; Pause holds the list still while the events go on
 * being stored and counted, Resume shows them; an event of a code the console's catalog does not
 * know is kept and shown by its number, and its device opens the device's panel; the Event log
 * filters the stored history (device, category, text, time range), and its CSV export holds
 * exactly the filtered rows. One host and ONE browser context for the file: the
 * event log lives in the page's database.
 */
const own = useOwnSite();
let site: RunningHost;
let control: ControlApi;
let page: Page;

/** A code no G-SDK catalog of ours words (a firmware newer than the console, say). */
const UNKNOWN_CODE = 0x7a01;
const UNKNOWN_WORDS = 'Device event 0x7A01: user 42';

test.beforeAll(() => {
  ({ site, control, page } = own);
});

const liveRows = (): Locator => page.getByRole('table', { name: 'Real-time log' }).getByTestId('event-row');
const logRows = (): Locator => page.getByRole('table', { name: 'Event log' }).getByTestId('event-row');
const summary = (): Locator => page.getByTestId('event-log-summary');
const topSeq = async (): Promise<number> => Number(await liveRows().first().getAttribute('data-seq'));

/** Opens a multiple-choice field of the Event log's filter and ticks one choice. */
async function pick(field: 'Devices' | 'Category', option: string): Promise<void> {
  const details = page.locator('details.pick', { has: page.locator(`summary[aria-label^="${field}:"]`) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await details.getByRole('checkbox', { name: option, exact: true }).check();
  await page.getByRole('heading', { level: 1, name: 'Monitoring' }).click();
}

/** An instant as a datetime-local field takes it: local time, to the minute (the browser shares the host's time zone). */
function localMinute(ms: number): string {
  const at = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** Exports the Event log's filtered set; the CSV's rows without the header. */
async function exportCsv(): Promise<string[][]> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const rows = parseCsv(await readFile(await file.path(), 'utf8')).map((row) => row.fields);
  expect(rows[0]).toEqual(['Time', 'Time (UTC)', 'Severity', 'Category', 'Type', 'Device ID', 'Device', 'User ID', 'Event']);
  return rows.slice(1);
}

test('traffic from the control API live, paused and resumed; an unknown code by number; a filtered export checked row by row', async () => {
  test.setTimeout(90_000);
  const [reader] = await control.devices();
  if (!reader) throw new Error('the demo fleet is empty');
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await goTo(page, 'Monitoring');
  await expect(liveRows().first()).toBeVisible();

  await control.startTraffic(40, { card: 1, doorOpened: 1, forcedOpen: 1 });
  await expect(page.locator('[data-testid="event-row"][data-category="door"]').first()).toBeVisible({ timeout: 15_000 });
  const before = await topSeq();
  await expect.poll(topSeq, { timeout: 10_000 }).toBeGreaterThan(before);

  // Paused: the rows hold still while the traffic goes on being stored and counted.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-pressed', 'true');
  const pausedTop = await topSeq();
  const counter = page.getByTestId('new-events-count');
  const counted = async (): Promise<number> => Number((await counter.textContent())?.replace(/\D/g, ''));
  await expect.poll(counted, { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
  expect(await topSeq()).toBe(pausedTop);

  // Resumed: what was stored meanwhile is shown, the newest on top.
  const countedAtResume = await counted();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(counter).toHaveCount(0);
  await expect.poll(topSeq).toBeGreaterThanOrEqual(pausedTop + countedAtResume);
  await control.stopTraffic();

  await control.logEvent(reader.deviceID, { eventCode: UNKNOWN_CODE, userID: '42' });
  const unknown = liveRows().filter({ hasText: UNKNOWN_WORDS });
  await expect(unknown).toHaveCount(1);
  await expect(unknown).toHaveAttribute('data-category', 'device');
  await expect(unknown.getByTestId('event-device')).toHaveText(reader.name);
  // Its device opens the device's panel.
  await unknown.getByTestId('event-device').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  await expect(page.getByTestId('device-detail')).toContainText(reader.name);
  await goTo(page, 'Monitoring');

  // The stored history, filtered: the reader's door events, every one of them in the CSV.
  await page.getByRole('tab', { name: 'Event log' }).click();
  await pick('Devices', `${reader.name} (${reader.deviceID})`);
  await pick('Category', 'Door');
  await expect(summary()).toHaveText(/^[\d,]+ matching events?, all shown$/);
  const total = Number((await summary().textContent())?.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(0);
  const shown = await logRows().getByTestId('event-message').allTextContents();
  for (const message of shown) expect(message).toMatch(/^Door (opened|forced open)/);

  const doors = await exportCsv();
  expect(doors).toHaveLength(total);
  for (const row of doors) {
    expect(row.slice(2, 7)).toEqual([expect.stringMatching(/^(Info|Warning|Error)$/), 'Door', expect.stringMatching(/^device\.0x5[24]00$/), String(reader.deviceID), reader.name]);
  }
  // Newest first, as the list shows them.
  expect(doors.slice(0, shown.length).map((row) => row[8])).toEqual(shown);

  await page.getByRole('button', { name: 'Clear filter' }).click();
  await page.getByRole('searchbox', { name: 'Search event text' }).fill('0x7A01');
  await page.getByRole('searchbox', { name: 'Search event text' }).press('Enter');
  await expect(logRows().getByTestId('event-message')).toHaveText([UNKNOWN_WORDS]);
  // The time range: from a few minutes ahead holds none of it, the last 15 minutes hold it.
  const time = page.getByRole('combobox', { name: 'Time' });
  await time.selectOption({ label: 'Between…' });
  await page.getByLabel('From', { exact: true }).fill(localMinute(Date.now() + 5 * 60_000));
  await expect(summary()).toHaveText('No event matches this filter');
  await time.selectOption({ label: 'Last 15 minutes' });
  await expect(logRows().getByTestId('event-message')).toHaveText([UNKNOWN_WORDS]);
  expect((await exportCsv()).map((row) => row.slice(2))).toEqual([['Info', 'Device', 'device.0x7A01', String(reader.deviceID), reader.name, '42', UNKNOWN_WORDS]]);
});
