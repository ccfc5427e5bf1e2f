import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Table } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLevel } from '../../../shared/domain/consoleEvent';
import { categoryOfKind } from '../../../shared/domain/eventCatalog';
import { EMPTY_EVENT_FILTER, eventMatcher, type EventFilter } from '../../../shared/domain/eventFilter';
import { PortcullisDatabase, type StoredEvent } from '../../dbhost/schema';
import { openMasterDatabase, type MasterDatabase } from './masterDb';
import { countPlanRows, readEventPage, type EventKey, type EventPage } from './eventPages';
import { planEventQuery } from './eventQueryPlan';

/*
 * The event log's pages against the real schema (fake-indexeddb), read as the operator's window
 * reads them (the read-only, schema-less connection): for many filters, every page in turn must
 * give exactly the events a plain scan of the whole log with the same filter gives, newest first,
 * however small the per-page budget.
 */

const NOW = 1_700_000_000_000;
const DEVICES = [101, 102, 103, 104, 105];
const KINDS = ['device.0x1000', 'device.0x1900', 'device.0x5200', 'device.0x5400', 'device.0x2200', 'device.0x9999', 'sync.started', 'sync.failed', 'user.saved'];
const LEVELS: EventLevel[] = ['info', 'warning', 'error'];
const EVENT_COUNT = 2_400;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fff_ffff;
    return state / 0x8000_0000;
  };
}

function pick<T>(next: () => number, values: readonly T[]): T {
  const value = values[Math.floor(next() * values.length)];
  if (value === undefined) throw new Error('empty choice');
  return value;
}

function sampleEvents(count: number): Omit<StoredEvent, 'seq'>[] {
  const next = random(7);
  return Array.from({ length: count }, (_, i) => {
    const kind = pick(next, KINDS);
    const console = !kind.startsWith('device.');
    const userId = next() < 0.6 ? String(1000 + Math.floor(next() * 12)) : null;
    // Device clocks give seconds: many events share a time, which the (time, seq) key must tell apart.
    const time = NOW - Math.floor(next() * 400) * 1000;
    return {
      time,
      source: console ? 'console' : 'device',
      kind,
      category: categoryOfKind(kind),
      level: pick(next, LEVELS),
      message: `${kind} number ${i}${next() < 0.1 ? ' Forced, by HAND' : ''}${userId === null ? '' : `: user ${userId}`}`,
      deviceId: console && next() < 0.5 ? null : pick(next, DEVICES),
      userId,
      deviceEventId: console ? null : i,
    };
  });
}

let writer: PortcullisDatabase;
let page: MasterDatabase;
let events: Table<StoredEvent, number>;
let all: StoredEvent[];

beforeAll(async () => {
  const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
  writer = new PortcullisDatabase('portcullis', factory);
  await writer.open();
  await writer.events.bulkAdd(sampleEvents(EVENT_COUNT));
  page = openMasterDatabase('portcullis', factory);
  await page.ready();
  events = (await page.tables()).events;
  all = await writer.events.toArray();
});

afterAll(() => {
  page.db.close();
  writer.close();
});

/** What a full scan gives: every event the filter matches, newest first by (time, seq). */
function scanned(filter: EventFilter): number[] {
  const matches = eventMatcher(filter, NOW);
  return all
    .filter(matches)
    .sort((a, b) => b.time - a.time || b.seq - a.seq)
    .map((event) => event.seq);
}

async function everyPage(filter: EventFilter, pageSize: number, scanBudget: number): Promise<{ seqs: number[]; pages: EventPage[] }> {
  const plan = planEventQuery(filter, NOW, { deviceCount: DEVICES.length });
  const pages: EventPage[] = [];
  let after: EventKey | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const result = await readEventPage(events, plan, { after, pageSize, scanBudget });
    pages.push(result);
    expect(result.rows.length).toBeLessThanOrEqual(pageSize);
    expect(result.scanned).toBeLessThanOrEqual(Math.max(scanBudget, pageSize) + 0);
    if (result.next === null) break;
    after = result.next;
  }
  return { seqs: pages.flatMap((p) => p.rows.map((row) => row.seq)), pages };
}

const filters: [string, EventFilter][] = [
  ['everything', EMPTY_EVENT_FILTER],
  ['the last 2 minutes', { ...EMPTY_EVENT_FILTER, time: { kind: 'last', minutes: 2 } }],
  ['between two instants', { ...EMPTY_EVENT_FILTER, time: { kind: 'between', from: NOW - 300_000, to: NOW - 100_000 } }],
  ['one device', { ...EMPTY_EVENT_FILTER, deviceIds: [103] }],
  ['three devices', { ...EMPTY_EVENT_FILTER, deviceIds: [101, 104, 105] }],
  ['one user', { ...EMPTY_EVENT_FILTER, userId: '1003' }],
  ['a category', { ...EMPTY_EVENT_FILTER, categories: ['door'] }],
  ['two categories', { ...EMPTY_EVENT_FILTER, categories: ['sync', 'authentication'] }],
  ['event types', { ...EMPTY_EVENT_FILTER, kinds: ['device.0x5400', 'sync.failed', 'device.0x9999'] }],
  ['errors', { ...EMPTY_EVENT_FILTER, levels: ['error'] }],
  ['text, any case', { ...EMPTY_EVENT_FILTER, text: 'forced, BY hand' }],
  [
    'everything at once',
    { time: { kind: 'last', minutes: 5 }, deviceIds: [101, 102], userId: '1001', categories: ['authentication', 'door'], kinds: [], levels: ['info', 'warning'], text: 'number' },
  ],
  ['a device with a category and text', { ...EMPTY_EVENT_FILTER, deviceIds: [102], categories: ['door'], text: 'hand' }],
  ['nothing matches', { ...EMPTY_EVENT_FILTER, userId: 'nobody' }],
  ['a reversed range', { ...EMPTY_EVENT_FILTER, time: { kind: 'between', from: NOW, to: NOW - 60_000 } }],
];

describe('event log pages', () => {
  it.each(filters)('%s: the pages together are the full scan, newest first, each within its budget', async (_name, filter) => {
    const expected = scanned(filter);
    for (const [pageSize, budget] of [
      [50, 100_000],
      [7, 40],
    ] as const) {
      const { seqs, pages } = await everyPage(filter, pageSize, budget);
      expect(seqs).toEqual(expected);
      // Only the last page may be short without saying why.
      for (const result of pages.slice(0, -1)) expect(result.rows.length === pageSize || result.partial).toBe(true);
    }
  });

  it('picks the index whose values should match the fewest events', () => {
    const plan = (filter: Partial<EventFilter>) => planEventQuery({ ...EMPTY_EVENT_FILTER, ...filter }, NOW, { deviceCount: 50 });
    expect(plan({}).index).toBe('[time+seq]');
    expect(plan({ text: 'x', time: { kind: 'last', minutes: 60 } }).index).toBe('[time+seq]');
    expect(plan({ deviceIds: [1] }).index).toBe('[deviceId+time+seq]');
    expect(plan({ deviceIds: [1], categories: ['authentication'] }).index).toBe('[deviceId+time+seq]');
    expect(plan({ deviceIds: [1], userId: '7' }).index).toBe('[userId+time+seq]');
    expect(plan({ categories: ['door'], levels: ['error'] }).index).toBe('[level+time+seq]');
    expect(plan({ categories: ['sync'], levels: ['info'] }).index).toBe('[category+time+seq]');
    expect(plan({ categories: ['authentication'], kinds: ['device.0x1900'] }).index).toBe('[kind+time+seq]');
    // Forty devices of fifty are most of the log: the category narrows more.
    expect(plan({ deviceIds: Array.from({ length: 40 }, (_, i) => i + 1), categories: ['door'] }).index).toBe('[category+time+seq]');
    expect(plan({ deviceIds: [1, 1, 2] }).prefixes).toEqual([[1], [2]]);
  });

  it('goes on from a partial page where it stopped, and says when the range is read to its end', async () => {
    const filter: EventFilter = { ...EMPTY_EVENT_FILTER, text: 'forced, by hand' };
    const plan = planEventQuery(filter, NOW, { deviceCount: 5 });
    const first = await readEventPage(events, plan, { after: null, pageSize: 1_000, scanBudget: 100 });
    expect(first.partial).toBe(true);
    expect(first.scanned).toBe(100);
    expect(first.next).not.toBeNull();
    const rest = await readEventPage(events, plan, { after: first.next, pageSize: 1_000, scanBudget: 100_000 });
    expect(rest.partial).toBe(false);
    expect(rest.next).toBeNull();
    expect([...first.rows, ...rest.rows].map((row) => row.seq)).toEqual(scanned(filter));
  });

  it('stops a page on its deadline, once it read a page’s worth of rows', async () => {
    let now = 0;
    const plan = planEventQuery({ ...EMPTY_EVENT_FILTER, text: 'no such text' }, NOW, { deviceCount: 5 });
    const result = await readEventPage(events, plan, { after: null, pageSize: 10, scanBudget: 100_000, deadlineMs: 50, clock: () => (now += 100) });
    expect(result.partial).toBe(true);
    expect(result.rows).toEqual([]);
    expect(result.scanned).toBe(10);
  });

  it('counts what an export of the plan reads', async () => {
    const plan = planEventQuery({ ...EMPTY_EVENT_FILTER, deviceIds: [101, 102] }, NOW, { deviceCount: 5 });
    expect(await countPlanRows(events, plan)).toBe(all.filter((event) => event.deviceId === 101 || event.deviceId === 102).length);
    const reversed = planEventQuery({ ...EMPTY_EVENT_FILTER, time: { kind: 'between', from: 10, to: 5 } }, NOW, { deviceCount: 5 });
    expect(await countPlanRows(events, reversed)).toBe(0);
  });
});
