import Dexie from 'dexie';
import { chunk } from '../../shared/db/batches';
import { consoleEventSchema, type ConsoleEvent } from '../../shared/domain/consoleEvent';
import { categoryOfKind } from '../../shared/domain/eventCatalog';
import { addCounts, countByMinute } from '../../shared/domain/eventCounts';
import { firstIssue } from '../../shared/db/protocol';
import { Refusal } from './refusal';
import { WRITE_CHUNK, type PortcullisDatabase, type StoredEvent } from './schema';

/**
 * events.add: stores a batch of events in one transaction. A device event is stored once per
 * (device, device event ID): catch-up after a reconnect replays events the live stream already
 * delivered, and those are skipped, within the batch too. Console events are always added.
 * One malformed event refuses the whole batch. One IndexedDB request per event: the unique
 * index does the deduplication, no lookup first. The events added (not the skipped ones) are
 * counted per minute and category in the same transaction (`eventCounts`): a read and a write
 * of the one or two minutes a batch spans.
 */
export async function addEvents(db: PortcullisDatabase, candidates: readonly unknown[], now: number = Date.now()): Promise<{ added: number }> {
  const events = candidates.map((candidate, index) => {
    const parsed = consoleEventSchema.safeParse(candidate);
    if (!parsed.success) throw new Refusal(`event ${index} was refused: ${firstIssue(parsed.error)}`);
    return parsed.data;
  });
  const rows = events.map(toRow);
  return db.transaction('rw', db.events, db.eventCounts, async () => {
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
    await countAdded(db, stored, now);
    return { added: stored.length };
  });
}

async function countAdded(db: PortcullisDatabase, stored: readonly NewEvent[], now: number): Promise<void> {
  const byMinute = countByMinute(stored, now);
  if (byMinute.size === 0) return;
  const minutes = [...byMinute.keys()];
  const rows = await db.eventCounts.bulkGet(minutes);
  await db.eventCounts.bulkPut(minutes.map((minute, index) => ({ minute, counts: addCounts(rows[index]?.counts ?? {}, byMinute.get(minute) ?? {}) })));
}

type NewEvent = Omit<StoredEvent, 'seq'>;

/** The stored row: the event, its category (for the event log's filter) and, for a device event, its dedup key. */
function toRow(event: ConsoleEvent): NewEvent {
  const category = categoryOfKind(event.kind);
  if (event.deviceId === null || event.deviceEventId === null) return { ...event, category };
  return { ...event, category, deviceEventKey: `${event.deviceId}:${event.deviceEventId}` };
}
