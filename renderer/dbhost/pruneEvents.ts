import { COUNTED_WINDOW_MS } from '../../shared/domain/eventCounts';
import type { PortcullisDatabase } from './schema';

export interface PruneRequest {
  /** Keep the events of the newest `keepNewest` sequence numbers. */
  keepNewest: number;
  /** Remove events whose time (epoch ms) is before this; an event of unknown time (0) is kept by age. */
  olderThan: number;
  /** At most this many events are removed by one request. */
  limit: number;
}

/**
 * events.prune: one bounded step of the retention (Settings → Event log), in one short
 * transaction: at most `limit` events older than `olderThan` (by `[time+seq]`, oldest first),
 * then, within what is left of `limit`, the oldest events beyond the newest `keepNewest` by
 * `seq` (one range delete). `more` says another step would find more to remove. The core calls
 * it again and again with pauses between (electron/core/eventRetention.ts), so a prune of
 * hundreds of thousands of events never holds the database for long.
 *
 * The count rule is by `seq`: the events of the newest `keepNewest` sequence numbers stay. A
 * device event refused as a duplicate also uses up a number, so after a prune slightly fewer than
 * `keepNewest` events may be left; counting the rows instead would read the whole table at
 * every step. Minute counts older than the chart's window go too.
 */
export async function pruneEvents(db: PortcullisDatabase, request: PruneRequest, now: number = Date.now()): Promise<{ deleted: number; more: boolean }> {
  return db.transaction('rw', db.events, db.eventCounts, async () => {
    // [time+seq] from time 1 (time 0 is a device clock that gave none) up to the cut, oldest first.
    const old = await db.events.where('[time+seq]').between([1, -Infinity], [request.olderThan, -Infinity], true, false).limit(request.limit).primaryKeys();
    await db.events.bulkDelete(old);
    let deleted = old.length;
    let more = old.length === request.limit;

    const room = request.limit - deleted;
    const [first] = await db.events.orderBy(':id').limit(1).primaryKeys();
    const [newest] = await db.events.orderBy(':id').reverse().limit(1).primaryKeys();
    if (first !== undefined && newest !== undefined) {
      const cutoff = newest - request.keepNewest;
      if (first <= cutoff) {
        if (room <= 0) more = true;
        else {
          const upTo = Math.min(cutoff, first + room - 1);
          deleted += await db.events.where(':id').between(first, upTo, true, true).delete();
          more ||= upTo < cutoff;
        }
      }
    }
    await db.eventCounts.where('minute').below(now - COUNTED_WINDOW_MS).delete();
    return { deleted, more };
  });
}
