import type { DbHandlers } from '../../shared/db/protocol';
import type { JournalEntryRow, PortcullisDatabase } from './schema';

/**
 * A device's journal is folded from this many linked entries at most before a read rewrites it
 * as one entry. Reads are rare (the first check after a start, a deep check, a failed write), so
 * the rewrite costs little; bounding the entries keeps that first read quick however long the
 * console ran.
 */
export const JOURNAL_COMPACT_AFTER = 64;

type JournalHandlers = Pick<DbHandlers, 'journal.read' | 'journal.record' | 'journal.clear'>;

/**
 * The device journals (schema.ts): `record` stores one entry for all the devices that confirmed
 * it and one small link per device; `read` folds a device's linked entries in order; `clear`
 * unlinks a device. An entry no device links any more is deleted with its last link.
 */
export function journalHandlers(db: PortcullisDatabase): JournalHandlers {
  return {
    'journal.read': async ({ deviceId }) =>
      db.transaction('rw', db.journalEntries, db.journalLinks, async () => {
        const seqs = await linkedSeqs(db, deviceId);
        const entries = await db.journalEntries.bulkGet(seqs);
        const journal = fold(entries);
        if (seqs.length > JOURNAL_COMPACT_AFTER) {
          const seq = await db.journalEntries.add({ written: [...journal], removed: [] });
          await db.journalLinks.add({ deviceId, seq });
          await unlink(db, deviceId, seqs);
        }
        return [...journal];
      }),
    'journal.record': async ({ deviceIds, written, removed }) => {
      if (deviceIds.length === 0 || (written.length === 0 && removed.length === 0)) return null;
      await db.transaction('rw', db.journalEntries, db.journalLinks, async () => {
        const seq = await db.journalEntries.add({ written, removed });
        await db.journalLinks.bulkAdd(deviceIds.map((deviceId) => ({ deviceId, seq })));
      });
      return null;
    },
    'journal.clear': async ({ deviceId }) => {
      await db.transaction('rw', db.journalEntries, db.journalLinks, async () => unlink(db, deviceId, await linkedSeqs(db, deviceId)));
      return null;
    },
  };
}

/** The entries linked to a device, oldest first. */
async function linkedSeqs(db: PortcullisDatabase, deviceId: number): Promise<number[]> {
  const keys = await db.journalLinks.where('[deviceId+seq]').between([deviceId, -Infinity], [deviceId, Infinity]).primaryKeys();
  return keys.map(([, seq]) => seq);
}

/** Later entries win: a user written again takes the new hash; a removed user leaves. */
function fold(entries: readonly (JournalEntryRow | undefined)[]): Map<string, string> {
  const journal = new Map<string, string>();
  for (const entry of entries) {
    if (!entry) continue;
    for (const [userId, hash] of entry.written) journal.set(userId, hash);
    for (const userId of entry.removed) journal.delete(userId);
  }
  return journal;
}

/** Removes the device's links to `seqs`, then the entries nobody links any more. */
async function unlink(db: PortcullisDatabase, deviceId: number, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db.journalLinks.bulkDelete(seqs.map((seq): [number, number] => [deviceId, seq]));
  // Every link's key in one read (getAllKeys), not an index walk over `seq`: the entries to check
  // are linked from many devices each, and walking those duplicates key by key took seconds per
  // device (fake-indexeddb) once a journal had a few hundred shared entries. Reads compact each
  // device's links to one entry past JOURNAL_COMPACT_AFTER, so the table stays small.
  const stillLinked = new Set((await db.journalLinks.toCollection().primaryKeys()).map(([, seq]) => seq));
  await db.journalEntries.bulkDelete(seqs.filter((seq) => !stillLinked.has(seq)));
}
