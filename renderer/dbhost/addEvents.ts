import { chunk } from '../../shared/db/batches';
import { consoleEventSchema, type ConsoleEvent } from '../../shared/domain/consoleEvent';
import { firstIssue } from '../../shared/db/protocol';
import { Refusal, WRITE_CHUNK } from './refusal';
import type { PortcullisDatabase, StoredEvent } from './schema';

/**
 * events.add: stores a batch of events in one transaction. A device event is stored once per
 * (device, device event ID): catch-up after a reconnect replays events the live stream already
 * delivered, and those are skipped, within the batch too. Console events are always added.
 * One malformed event refuses the whole batch.
 */
export async function addEvents(db: PortcullisDatabase, candidates: readonly unknown[]): Promise<{ added: number }> {
  const events = candidates.map((candidate, index) => {
    const parsed = consoleEventSchema.safeParse(candidate);
    if (!parsed.success) throw new Refusal(`event ${index} was refused: ${firstIssue(parsed.error)}`);
    return parsed.data;
  });
  const rows = events.map(toRow);
  return db.transaction('rw', db.events, async () => {
    const keys = rows.flatMap((row) => (row.deviceEventKey === undefined ? [] : [row.deviceEventKey]));
    const seen = new Set(keys.length > 0 ? ((await db.events.where('deviceEventKey').anyOf(keys).keys()) as string[]) : []);
    const fresh = rows.filter((row) => {
      if (row.deviceEventKey === undefined) return true;
      if (seen.has(row.deviceEventKey)) return false;
      seen.add(row.deviceEventKey);
      return true;
    });
    for (const part of chunk(fresh, WRITE_CHUNK)) await db.events.bulkAdd(part);
    return { added: fresh.length };
  });
}

type NewEvent = Omit<StoredEvent, 'seq'>;

function toRow(event: ConsoleEvent): NewEvent {
  if (event.deviceId === null || event.deviceEventId === null) return { ...event };
  return { ...event, deviceEventKey: `${event.deviceId}:${event.deviceEventId}` };
}
