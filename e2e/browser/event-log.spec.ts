import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parseCsv } from '../../shared/csv';
import type { ControlApi } from '../support/controlApi';
import type { RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';
import { goTo } from '../support/virtualSitePanel';

/*
 * Monitoring → Event log, against events made at the virtual site's devices through its control
 * API: filter (device, user, category, type, text), page through them as the list scrolls, save a
 * filter and pick it again, export the filtered set to CSV (checked line by line), and follow a
 * user ID or a device from an event to its page. One host and ONE browser context for the file:
 * the event log lives in the page's database (its browser profile).
 */
const own = useOwnSite();
let site: RunningHost;
let control: ControlApi;
let page: Page;

/** Users enrolled at the busy device, so its user events fill more than one page. */
const ENROLLED = 130;
const FIRST_ID = 770_000;
/** A demo user of the master copy, enrolled at a device too: its ID in an event leads to its record. */
const KNOWN_USER = '250';
/** A device whose name a spreadsheet would run as a formula: the export must not let it. */
const FORMULA_NAME = '=HYPERLINK("http://evil.example","x")';

let busy: { deviceID: number; name: string };
let quiet: { deviceID: number; name: string };
let formulaDevice: number;

const cardOf = (n: number): string => Buffer.from([0x5a, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]).toString('base64');

test.beforeAll(async () => {
  ({ site, control, page } = own);
  const devices = await control.devices();
  const [first, second] = devices;
  if (!first || !second) throw new Error('the demo fleet has fewer than two devices');
  busy = first;
  quiet = second;
  for (let i = 0; i < ENROLLED; i++) await control.enrollAtDevice(busy.deviceID, { ID: String(FIRST_ID + i), name: `Visitor ${i}`, cards: [{ data: cardOf(i) }] });
  await control.enrollAtDevice(quiet.deviceID, { ID: KNOWN_USER, cards: [{ data: cardOf(9_999) }] });
  // A known card without access groups: Access denied; a card nobody has: not registered.
  await control.presentCard(busy.deviceID, cardOf(1));
  await control.presentCard(quiet.deviceID, cardOf(424_242));
  formulaDevice = await control.addDevice({ name: FORMULA_NAME });
  await control.enrollAtDevice(formulaDevice, { ID: '880001', cards: [{ data: cardOf(880_001) }] });
});

test.beforeEach(async () => {
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await goTo(page, 'Monitoring');
  await page.getByRole('tab', { name: 'Event log' }).click();
  // A filter left from the test before starts over.
  const clear = page.getByRole('button', { name: 'Clear filter' });
  if (await clear.isEnabled()) await clear.click();
});

const table = (): Locator => page.getByRole('table', { name: 'Event log' });
const rows = (): Locator => table().getByTestId('event-row');
const summary = (): Locator => page.getByTestId('event-log-summary');

/** Opens a multiple-choice field of the filter and sets one choice. */
async function pick(field: 'Devices' | 'Category' | 'Type' | 'Severity', option: string, on = true): Promise<void> {
  const details = page.locator('details.pick', { has: page.locator(`summary[aria-label^="${field}:"]`) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await details.getByRole('checkbox', { name: option, exact: true }).setChecked(on);
  // Closed again by a click elsewhere, as an operator would.
  await page.getByRole('heading', { level: 1, name: 'Monitoring' }).click();
}

async function typeInto(label: 'User ID' | 'Search event text', text: string): Promise<void> {
  await page.getByRole('searchbox', { name: label }).fill(text);
  await page.getByRole('searchbox', { name: label }).press('Enter');
}

/** The messages of the rows shown, top to bottom. */
const messages = (): Promise<string[]> => rows().getByTestId('event-message').allTextContents();

test('filters by device, user, category, type and text; every row shown matches', async () => {
  await pick('Devices', `${busy.name} (${busy.deviceID})`);
  await expect(summary()).toContainText('matching events');
  await expect(rows().first()).toBeVisible();
  for (const device of await rows().getByTestId('event-device').allTextContents()) expect(device).toBe(busy.name);

  await typeInto('User ID', String(FIRST_ID + 1));
  // Newest first: the card presented after the enrolment.
  await expect.poll(messages).toEqual([`Access denied: no access group for this door: user ${FIRST_ID + 1}`, `User enrollment succeeded (Device): user ${FIRST_ID + 1}`]);
  await pick('Category', 'Authentication');
  await expect.poll(messages).toEqual([`Access denied: no access group for this door: user ${FIRST_ID + 1}`]);

  await page.getByRole('button', { name: 'Clear filter' }).click();
  await pick('Type', 'Authentication failed: credential not registered (0x1800)');
  await expect.poll(messages).toEqual(['Authentication failed: credential not registered']);
  await expect(rows().getByTestId('event-device')).toHaveText(quiet.name);

  await page.getByRole('button', { name: 'Clear filter' }).click();
  await typeInto('Search event text', `user ${FIRST_ID + 12}`);
  await expect.poll(messages).toEqual([`User enrollment succeeded (Device): user ${FIRST_ID + 12}`]);
  await typeInto('Search event text', 'no event says this');
  await expect(page.getByTestId('event-log-empty')).toContainText('No event matches this filter');
});

test('pages through a device’s events as the list scrolls, newest first, to the last one', async () => {
  await pick('Devices', `${busy.name} (${busy.deviceID})`);
  await pick('Category', 'User');
  // A page is at most 100 rows (fewer when its time ran out first); more are read on scrolling.
  await expect(summary()).toHaveText(/^The newest \d+ matching events; scroll for older ones$/);
  await expect(rows().first()).toContainText(`user ${FIRST_ID + ENROLLED - 1}`);
  // To the bottom: the next page is read on from the last row (the table is windowed, so the
  // last row rendered is the last one read).
  await table().locator('xpath=ancestor::div[contains(@class,"table-scroll")]').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
  await expect(summary()).toHaveText(/^[\d,]+ matching events, all shown$/);
  const total = Number((await summary().textContent())?.replace(/\D/g, ''));
  expect(total).toBeGreaterThanOrEqual(ENROLLED);
  await table().locator('xpath=ancestor::div[contains(@class,"table-scroll")]').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
  await expect(table()).toHaveAttribute('aria-rowcount', String(total + 1));
  await expect(rows().last()).toContainText(`User enrollment succeeded (Device): user ${FIRST_ID}`);
});

test('saves the filter under a name, and picks it again later', async () => {
  await pick('Devices', `${quiet.name} (${quiet.deviceID})`);
  await pick('Severity', 'Warning');
  await page.getByRole('button', { name: 'Save filter…' }).click();
  await page.getByRole('textbox', { name: 'Filter name' }).fill('Quiet reader warnings');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Saved filters' })).toHaveValue('Quiet reader warnings');

  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.locator('summary[aria-label="Devices: Any device"]')).toBeVisible();
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await page.getByRole('tab', { name: 'Event log' }).click();
  await page.getByRole('combobox', { name: 'Saved filters' }).selectOption('Quiet reader warnings');
  await expect(page.locator(`summary[aria-label="Devices: ${quiet.name} (${quiet.deviceID})"]`)).toBeVisible();
  await expect(page.locator('summary[aria-label="Severity: Warning"]')).toBeVisible();
  // The quiet reader's warnings: the unknown card, and the console's checks that found it out of sync.
  await expect.poll(messages).toContain('Authentication failed: credential not registered');
  for (const level of await rows().evaluateAll((shown) => shown.map((row) => row.getAttribute('data-level')))) expect(level).toBe('warning');
  for (const device of await rows().getByTestId('event-device').allTextContents()) expect(device).toBe(quiet.name);

  await page.getByRole('button', { name: 'Delete saved filter' }).click();
  await expect(page.getByRole('combobox', { name: 'Saved filters' })).toBeDisabled();
});

test('exports the filtered set to CSV: the rows of the filter, quoted, a device’s formula neutralised', async () => {
  await typeInto('Search event text', 'user 88000');
  await expect.poll(messages).toEqual(['User enrollment succeeded (Device): user 880001']);
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  let file = await download;
  expect(file.suggestedFilename()).toMatch(/^portcullis-events-\d{8}-\d{6}\.csv$/);
  let csv = parseCsv(await readFile(await file.path(), 'utf8')).map((row) => row.fields);
  expect(csv[0]).toEqual(['Time', 'Time (UTC)', 'Severity', 'Category', 'Type', 'Device ID', 'Device', 'User ID', 'Event']);
  expect(csv.slice(1)).toEqual([
    [expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/), 'Info', 'User', 'device.0x2000', String(formulaDevice), `'${FORMULA_NAME}`, '880001', 'User enrollment succeeded (Device): user 880001'],
  ]);
  await expect(page.getByTestId('export-status')).toHaveText(/^Exported 1 event to portcullis-events-.*\.csv\.$/);

  // A larger set: every user event of the busy device, in the list's order.
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await pick('Devices', `${busy.name} (${busy.deviceID})`);
  await pick('Category', 'User');
  await expect(summary()).toContainText('matching events');
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  file = await download;
  csv = parseCsv(await readFile(await file.path(), 'utf8')).map((row) => row.fields);
  const enrolled = csv.slice(1).filter((row) => row[4] === 'device.0x2000');
  expect(enrolled).toHaveLength(ENROLLED);
  expect(enrolled[0]?.[8]).toBe(`User enrollment succeeded (Device): user ${FIRST_ID + ENROLLED - 1}`);
  expect(enrolled.at(-1)?.[8]).toBe(`User enrollment succeeded (Device): user ${FIRST_ID}`);
  expect(new Set(csv.slice(1).map((row) => row[5]))).toEqual(new Set([String(busy.deviceID)]));
});

test('a user ID in an event opens that user; a device opens its panel (Event log and Real-time log)', async () => {
  await typeInto('User ID', KNOWN_USER);
  await expect(rows()).toHaveCount(1);
  await rows().getByTestId('event-user').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search users' })).toHaveValue(KNOWN_USER);
  await expect(page.getByTestId('user-editor')).toContainText(`User ${KNOWN_USER}`);
  await expect(page.getByTestId('user-editor').getByLabel('User ID')).toHaveValue(KNOWN_USER);

  // Back on Monitoring the filter is as it was; its device leads to the device's panel.
  await goTo(page, 'Monitoring');
  await expect(page.getByRole('searchbox', { name: 'User ID' })).toHaveValue(KNOWN_USER);
  await rows().getByTestId('event-device').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  await expect(page.getByTestId('device-detail')).toContainText(quiet.name);

  await goTo(page, 'Monitoring');
  await page.getByRole('tab', { name: 'Real-time log' }).click();
  // A new event, so its row is at the top of the live list (which renders only the rows in view).
  await control.enrollAtDevice(busy.deviceID, { ID: '770999', cards: [{ data: cardOf(999) }] });
  const live = page.getByRole('table', { name: 'Real-time log' }).getByTestId('event-row').filter({ hasText: 'user 770999' });
  await live.getByTestId('event-user').click();
  await expect(page.getByTestId('user-editor')).toContainText('No user with this ID is in the console');
});
