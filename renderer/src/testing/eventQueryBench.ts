import { eventMatcher } from '../../../shared/domain/eventFilter';
import type { StoredEvent } from '../../dbhost/schema';
import { openMasterDatabase } from '../data/masterDb';
import Dexie from 'dexie';
import { EVENTS_V5 } from '../../dbhost/eventIndexes';
import { countPlanRows, EVENT_PAGE, readEventPage, type EventKey } from '../data/eventPages';
import { planEventQuery } from '../data/eventQueryPlan';
import type { EventQueryBench } from './eventQueryBenchApi';

/*
 * The page side of `npm run bench -- event-query` (bench/eventQuery.ts bundles this file and
 * runs it in the console's page, so it reads the database the page's database host wrote, with
 * the window's own read-only connection and the same query code as the Event log tab). Not part
 * of the app's bundle.
 */

const SCAN_CHUNK = 20_000;
/** Version 1's events table (schema.ts), the write cost version 5's indexes are compared with. */
const EVENTS_V1 = '++seq, time, deviceId, kind, level, userId, &deviceEventKey';
const WRITE_CHUNK = 2_000;

async function writeRate(name: string, stores: string, events: readonly unknown[]): Promise<number> {
  const db = new Dexie(name);
  db.version(1).stores({ events: stores });
  await db.open();
  const table = db.table('events');
  const started = performance.now();
  for (let start = 0; start < events.length; start += WRITE_CHUNK) {
    // Copies: Dexie writes the generated key into each record.
    const part = events.slice(start, start + WRITE_CHUNK).map((event) => ({ ...(event as object) }));
    await db.transaction('rw', table, () => table.bulkAdd(part));
  }
  const ms = performance.now() - started;
  db.close();
  await Dexie.delete(name);
  return Math.round(events.length / (ms / 1000));
}

function createBench(): EventQueryBench {
  const database = openMasterDatabase();
  const events = async () => {
    await database.ready();
    return (await database.tables()).events;
  };
  return {
    page: async (filter, nowMs, deviceCount, depth) => {
      const table = await events();
      let after: EventKey | null = null;
      for (let i = 1; ; i++) {
        const started = performance.now();
        const plan = planEventQuery(filter, nowMs, { deviceCount });
        const result = await readEventPage(table, plan, { after, pageSize: EVENT_PAGE.size, scanBudget: EVENT_PAGE.scanBudget, deadlineMs: EVENT_PAGE.deadlineMs });
        const ms = performance.now() - started;
        if (i === depth || result.next === null) return { ms, rows: result.rows.length, scanned: result.scanned, partial: result.partial, index: plan.index, seqs: result.rows.map((row) => row.seq) };
        after = result.next;
      }
    },
    fullScan: async (filter, nowMs, pageSize) => {
      const table = await events();
      const started = performance.now();
      const matches = eventMatcher(filter, nowMs);
      let newest: StoredEvent[] = [];
      let scanned = 0;
      let after = 0;
      for (;;) {
        const chunk = await table.where(':id').above(after).limit(SCAN_CHUNK).toArray();
        const last = chunk.at(-1);
        if (last === undefined) break;
        scanned += chunk.length;
        after = last.seq;
        // Keep only a page's worth while scanning, so the baseline is not slowed by memory.
        newest = newest.concat(chunk.filter(matches)).sort((a, b) => b.time - a.time || b.seq - a.seq).slice(0, pageSize);
      }
      const ms = performance.now() - started;
      return { ms, rows: newest.length, scanned, partial: false, index: 'full scan by seq', seqs: newest.map((row) => row.seq) };
    },
    countPlan: async (filter, nowMs, deviceCount) => {
      const table = await events();
      const started = performance.now();
      const rows = await countPlanRows(table, planEventQuery(filter, nowMs, { deviceCount }));
      return { ms: performance.now() - started, rows };
    },
    indexWriteCost: async (sample) => {
      // v1, v5, v5, v1: a machine busier at the start or the end weighs on both alike.
      const v1First = await writeRate('bench-events-v1', EVENTS_V1, sample);
      const v5First = await writeRate('bench-events-v5', EVENTS_V5, sample);
      const v5Second = await writeRate('bench-events-v5', EVENTS_V5, sample);
      const v1Second = await writeRate('bench-events-v1', EVENTS_V1, sample);
      return { v1PerSecond: Math.round((v1First + v1Second) / 2), v5PerSecond: Math.round((v5First + v5Second) / 2) };
    },
  };
}

(globalThis as unknown as { eventQueryBench: EventQueryBench }).eventQueryBench = createBench();
