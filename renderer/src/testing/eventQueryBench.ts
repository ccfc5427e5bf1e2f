import { eventMatcher } from '../../../shared/domain/eventFilter';
import type { StoredEvent } from '../../dbhost/schema';
import { openMasterDatabase } from '../data/masterDb';
import { EVENT_PAGE, readEventPage, type EventKey } from '../data/eventPages';
import { planEventQuery } from '../data/eventQueryPlan';
import type { EventQueryBench } from './eventQueryBenchApi';

/*
 * The page side of `npm run bench -- event-query` (bench/eventQuery.ts bundles this file and
 * runs it in the console's page, so it reads the database the page's database host wrote, with
 * the window's own read-only connection and the same query code as the Event log tab). Not part
 * of the app's bundle.
 */

const SCAN_CHUNK = 20_000;

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
  };
}

(globalThis as unknown as { eventQueryBench: EventQueryBench }).eventQueryBench = createBench();
