import { addCounts, COUNTED_WINDOW_MS, type CategoryCounts, type EventCountRow } from '../../shared/domain/eventCounts';
import type { PortcullisDatabase } from './schema';

/**
 * The per-minute count rows this database host wrote, kept in memory (like the card index), so
 * that an `events.add` adds its counts to them and writes them without reading them back first:
 * one request per batch, not two. The host is the only writer of `eventCounts`; a minute it has
 * not written yet is read once. Made per served connection.
 */
export class MinuteCounts {
  private readonly rows = new Map<number, CategoryCounts>();

  /** The rows to write for these additions (inside the caller's write transaction). */
  async rowsWith(db: PortcullisDatabase, byMinute: ReadonlyMap<number, CategoryCounts>): Promise<EventCountRow[]> {
    const unknown = [...byMinute.keys()].filter((minute) => !this.rows.has(minute));
    const stored = unknown.length === 0 ? [] : await db.eventCounts.bulkGet(unknown);
    const base = new Map(unknown.map((minute, index) => [minute, stored[index]?.counts ?? {}]));
    return [...byMinute].map(([minute, more]) => ({ minute, counts: addCounts(this.rows.get(minute) ?? base.get(minute) ?? {}, more) }));
  }

  /** Once the transaction that wrote `rows` committed: they are what the database holds. */
  committed(rows: readonly EventCountRow[], now: number): void {
    for (const row of rows) this.rows.set(row.minute, row.counts);
    for (const minute of this.rows.keys()) if (minute < now - COUNTED_WINDOW_MS) this.rows.delete(minute);
  }
}
