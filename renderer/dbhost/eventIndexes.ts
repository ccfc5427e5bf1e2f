import type { Transaction } from 'dexie';
import { categoryOfKind, type EventCategory } from '../../shared/domain/eventCatalog';

/*
 * Database version 5: the event log is read by filter (Monitoring → Event log), newest first, a
 * page at a time, over up to a million events. Every index ends in [time+seq], the order a page
 * is read in, so one key range per filter value reads exactly the matching rows in order, and a
 * page resumes after the last (time, seq) it returned (keyset pagination) at any depth. `seq`
 * is in the key itself because device clocks give seconds: thousands of events can share a time.
 *
 * An event without a device or a user (a console event) is absent from that index (IndexedDB
 * leaves out a record whose key has a null part), which is what a filter on it wants.
 * `category` is stored (derived from `kind` by the catalog when the event is stored) because a
 * category cannot be read as a set of kinds: unknown device codes and the console's own kinds
 * are open-ended.
 */

/** The events table's indexes from version 5 on (the single-field indexes of version 1 are replaced). */
export const EVENTS_V5 = '++seq, [time+seq], [deviceId+time+seq], [userId+time+seq], [category+time+seq], [kind+time+seq], [level+time+seq], &deviceEventKey';

/** Rows per step of the upgrade: a million events are converted without holding them all. */
const UPGRADE_CHUNK = 5_000;

/** Gives every stored event the category of its kind, in chunks by primary key. */
export async function upgradeEventsToV5(tx: Transaction): Promise<void> {
  const events = tx.table<{ seq: number; kind: string; category?: EventCategory }, number>('events');
  let after = 0;
  for (;;) {
    const rows = await events.where(':id').above(after).limit(UPGRADE_CHUNK).toArray();
    const last = rows.at(-1);
    if (last === undefined) return;
    for (const row of rows) row.category = categoryOfKind(row.kind);
    await events.bulkPut(rows);
    after = last.seq;
  }
}
