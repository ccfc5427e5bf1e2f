import { expect, test, type Locator, type Page } from '@playwright/test';
import type { ControlApi } from '../support/controlApi';
import { E2E_OPERATOR, type RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';
import { goTo } from '../support/virtualSitePanel';

/*
 * Issue 6, retention: the operator sets "keep the newest N events" in Settings → Event log; the
 * setting is stored, and the console prunes the log to it at once, in the background. The oldest
 * events are gone from the Event log, the newest stay, and the log says what was removed.
 * Pruning by age is tested against the database host (electron/core/eventRetention.test.ts):
 * the virtual devices log their events at the current time only. One host and ONE browser
 * context for the file: the event log lives in the page's database.
 */
const own = useOwnSite();
let site: RunningHost;
let control: ControlApi;
let page: Page;

/** A user whose events are among the oldest stored, and one whose event is the newest. */
const OLDEST_PROBE = '990001';
const NEWEST_PROBE = '990002';
const KEEP = 1_000;
/** Stored before the retention is set: well over KEEP, so the oldest events must go. */
const STORED_BEFORE = 1_400;
const SOME_SHOWN = /^[\d,]+ matching events?, all shown$/;

test.beforeAll(() => {
  ({ site, control, page } = own);
});

const summary = (): Locator => page.getByTestId('event-log-summary');
const table = (): Locator => page.getByRole('table', { name: 'Event log' });
const retentionForm = (): Locator => page.getByRole('form', { name: 'Event log retention' });

async function openEventLog(): Promise<void> {
  await goTo(page, 'Monitoring');
  await page.getByRole('tab', { name: 'Event log' }).click();
}

async function clearFilter(): Promise<void> {
  const clear = page.getByRole('button', { name: 'Clear filter' });
  if (await clear.isEnabled()) await clear.click();
}

/**
 * Filters the Event log to one field and reads it again until the answer is complete and says
 * `expected` (the tab is not live: Refresh reads the events stored since).
 */
async function expectLogAnswer(field: 'User ID' | 'Search event text', value: string, expected: RegExp): Promise<void> {
  await clearFilter();
  await page.getByRole('searchbox', { name: field }).fill(value);
  await page.getByRole('searchbox', { name: field }).press('Enter');
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await expect(summary()).toHaveText(/all shown$|^No event matches this filter$/);
        return summary().textContent();
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toMatch(expected);
}

/** Reads the whole (unfiltered) Event log page by page, scrolling to its end; how many events it holds. */
async function storedEventCount(): Promise<number> {
  await clearFilter();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const scroller = table().locator('xpath=ancestor::div[contains(@class,"table-scroll")]');
  await expect
    .poll(
      async () => {
        await scroller.evaluate((element) => element.scrollTo(0, element.scrollHeight));
        return summary().textContent();
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toMatch(/^[\d,]+ matching events, all shown$/);
  return Number((await summary().textContent())?.replace(/\D/g, ''));
}

test('keeping the newest N events, set in Settings, prunes the oldest at once and keeps the newest', async () => {
  test.setTimeout(120_000);
  const [reader] = await control.devices();
  if (!reader) throw new Error('the demo fleet is empty');
  // Enrolled and deleted at once, so the traffic never presents this user's card: its events stay the oldest.
  await control.enrollAtDevice(reader.deviceID, { ID: OLDEST_PROBE, name: 'Oldest probe' });
  await control.deleteAtDevice(reader.deviceID, OLDEST_PROBE);
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await openEventLog();
  await expectLogAnswer('User ID', OLDEST_PROBE, SOME_SHOWN);

  await control.startTraffic(400);
  await goTo(page, 'Overview');
  // The chart counts events as the database host stores them.
  await expect
    .poll(async () => Number(await page.getByTestId('event-rate-chart').getAttribute('data-total')), { timeout: 60_000, intervals: [1_000] })
    .toBeGreaterThanOrEqual(STORED_BEFORE);
  await control.stopTraffic();
  await control.enrollAtDevice(reader.deviceID, { ID: NEWEST_PROBE, name: 'Newest probe' });

  await goTo(page, 'Settings');
  const maxEvents = retentionForm().getByLabel('Keep at most (events)');
  await expect(maxEvents).toHaveValue('1000000');
  await expect(retentionForm().getByLabel('Keep for (days)')).toHaveValue('90');
  await maxEvents.fill('500');
  await retentionForm().getByRole('button', { name: 'Save retention' }).click();
  await expect(retentionForm().getByTestId('field-error')).toHaveText('Enter a whole number from 1,000 to 50,000,000.');
  await maxEvents.fill('1,000');
  await retentionForm().getByRole('button', { name: 'Save retention' }).click();
  await expect(retentionForm().getByRole('status')).toHaveText('Retention saved; older events are being removed in the background.');

  await openEventLog();
  await expectLogAnswer('User ID', OLDEST_PROBE, /^No event matches this filter$/);
  await expectLogAnswer('User ID', NEWEST_PROBE, SOME_SHOWN);
  // The prune's own line (the minute's prune that may follow removes the few stored since).
  await expectLogAnswer('Search event text', 'Event log retention removed', SOME_SHOWN);
  const pruned = table().getByTestId('event-message').last();
  await expect(pruned).toHaveText(/^Event log retention removed [\d,]+ event\(s\) \(the newest 1,000 events, none older than 90 days\)$/);
  expect(Number((await pruned.textContent())?.match(/removed ([\d,]+)/)?.[1]?.replace(/,/g, ''))).toBeGreaterThanOrEqual(STORED_BEFORE - KEEP);
  await expectLogAnswer('Search event text', 'changed the event log retention', /^1 matching event, all shown$/);
  await expect(table().getByTestId('event-message')).toHaveText(
    `${E2E_OPERATOR} changed the event log retention: the newest 1,000,000 events, none older than 90 days → the newest 1,000 events, none older than 90 days`,
  );

  // The newest KEEP by the order they were stored, and the few the console logged since (the
  // prune's own line). A device event stored twice would have used a number too, so slightly
  // fewer may be left: never more.
  const left = await storedEventCount();
  expect(left).toBeLessThanOrEqual(KEEP + 5);
  expect(left).toBeGreaterThan(KEEP - 50);

  // Stored by the console: a new page reads it back. (Only now: a reload replaces the page's
  // database host, and a prune step or a log line in flight then would wait for the next round.)
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await goTo(page, 'Settings');
  await expect(retentionForm().getByLabel('Keep at most (events)')).toHaveValue(String(KEEP));
});
