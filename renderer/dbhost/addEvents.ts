import Dexie from 'dexie';
import { chunk } from '../../shared/db/batches';
import { consoleEventSchema, type ConsoleEvent } from '../../shared/domain/consoleEvent';
import { categoryOfKind } from '../../shared/domain/eventCatalog';
import { countByMinute, type EventCountRow } from '../../shared/domain/eventCounts';
import { firstIssue } from '../../shared/db/protocol';
import { MinuteCounts } from './minuteCounts';
import { Refusal } from './refusal';
import { CONSOLE_KEY_PREFIX, WRITE_CHUNK, type PortcullisDatabase, type StoredEvent } from './schema';

/**
 * events.add: stores a batch of events in one transaction. A device event is stored once per
 * (device, device event ID): catch-up after a reconnect replays events the live stream already
 * delivered, and those are skipped, within the batch too. A console event is stored once per
 * `writeId` (its writer sends a batch again after a failure whose answer may have been lost).
 * One malformed event refuses the whole batch. One IndexedDB request per event: the unique
 * index does the deduplication, no lookup first. The events added (not the skipped ones) are
 * counted per minute and category in the same transaction (`eventCounts`): one write of the
 * one or two minute rows a batch spans (`MinuteCounts` keeps them, so they are not read first).
 */
export async function addEvents(db: PortcullisDatabase, candidates: readonly unknown[], counts: MinuteCounts = new MinuteCounts(), now: number = Date.now()): Promise<{ added: number }> {
  const events = candidates.map((candidate, index) => {
    const parsed = consoleEventSchema.safeParse(candidate);
    if (!parsed.success) throw new Refusal(`event ${index} was refused: ${firstIssue(parsed.error)}`);
    return parsed.data;
  });
  const rows = events.map(toRow);
  const result = await db.transaction('rw', db.events, db.eventCounts, async () => {
    const stored: NewEvent[] = [];
    for (const part of chunk(rows, WRITE_CHUNK)) {
      try {
        await db.events.bulkAdd(part);
        stored.push(...part);
      } catch (error) {
        // The unique index on deviceEventKey refuses a device event stored before (or twice in
        // this batch); Dexie adds the rest and reports those. Caught here, the transaction
        // commits what was added. Anything else is a real failure.
        if (!(error instanceof Dexie.BulkError)) throw error;
        const other = error.failures.find((failure) => failure.name !== 'ConstraintError');
        if (other) throw other;
        stored.push(...part.filter((_, position) => !(position in error.failuresByPos)));
      }
    }
    const byMinute = countByMinute(stored, now);
    const countRows: EventCountRow[] = byMinute.size === 0 ? [] : await counts.rowsWith(db, byMinute);
    if (countRows.length > 0) await db.eventCounts.bulkPut(countRows);
    return { added: stored.length, countRows };
  });
  counts.committed(result.countRows, now);
  return { added: result.added };
}

type NewEvent = Omit<StoredEvent, 'seq'>;

/**
 * The stored row: the event, its category (for the event log's filter) and its dedup key: for a
 * device event its device and event ID (and the run of IDs after a log restart, "@<epoch>"), for a console event the writer's `writeId` (under
 * "console:", which sorts after every device key, so device events can still be counted by range).
 */
function toRow(event: ConsoleEvent): NewEvent {
  const category = categoryOfKind(event.kind);
  if (event.deviceId !== null && event.deviceEventId !== null) {
    return { ...event, category, deviceEventKey: deviceEventKey(event.deviceId, event.deviceEventId, event.deviceLogEpoch ?? 0) };
  }
  if (event.writeId !== undefined) return { ...event, category, deviceEventKey: `${CONSOLE_KEY_PREFIX}${event.writeId}` };
  return { ...event, category };
}

/** A device event's dedup key: device and event ID, and the run of IDs after a log restart ("@<epoch>", none for 0). */
export function deviceEventKey(deviceId: number, eventId: number, epoch: number): string {
  return `${deviceId}:${eventId}${epoch === 0 ? '' : `@${epoch}`}`;
}
