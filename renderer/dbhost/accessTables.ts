import type { InsertType, Table } from 'dexie';
import type { z } from 'zod';
import { MAX_RECORD_ID, type NewRecord } from '../../shared/domain/access';
import { chunk } from '../../shared/db/batches';
import { firstIssue, type AccessTableName, type StoreChangeMessage } from '../../shared/db/protocol';
import { Refusal } from './refusal';
import { WRITE_CHUNK, type PortcullisDatabase } from './schema';

/** One access table as the host serves it. */
export interface AccessTableSpec<T extends { id: number }> {
  name: AccessTableName;
  table: Table<T, number, InsertType<T, 'id'>>;
  /** The stored record, and a new one before it has its ID. */
  schema: z.ZodType<T>;
  newSchema: z.ZodType<NewRecord<T>>;
  /** "access group": for refusals. */
  label: string;
  /** The lowest ID `create` gives (schedules start above "Always", which every device has as 1). */
  firstId: number;
}

/** The settings row with the highest ID a table's `create` gave, so a deleted record's ID is never given again. */
export const lastCreatedKey = (name: AccessTableName): string => `ids.lastCreated.${name}`;

/**
 * all / put / create / delete for one access table (groups, levels, schedules, doors, zones).
 * A put checks every record against its domain schema first: one bad record refuses the batch,
 * naming it and the field, and nothing is stored. A create chooses the ID in its own write
 * transaction, so no two creates (from any window) get the same one.
 */
export function accessTableHandlers<T extends { id: number }>(
  host: { db: PortcullisDatabase; changed: (change: StoreChangeMessage) => void },
  spec: AccessTableSpec<T>,
) {
  const { db, changed } = host;
  const { name, table, schema, newSchema, label, firstId } = spec;
  return {
    all: async (): Promise<T[]> => table.toArray(),
    put: async ({ records }: { records: unknown[] }): Promise<null> => {
      const valid = records.map((record, index) => {
        const parsed = schema.safeParse(record);
        if (!parsed.success) throw new Refusal(`${label} ${describeRecord(record, index)} was refused: ${firstIssue(parsed.error)}`);
        return parsed.data;
      });
      const ids = valid.map((record) => record.id);
      if (new Set(ids).size !== ids.length) throw new Refusal(`a ${label} is listed twice in this batch`);
      if (valid.length === 0) return null;
      await db.transaction('rw', table, async () => {
        for (const part of chunk(valid, WRITE_CHUNK)) await table.bulkPut(part);
      });
      changed({ table: name, ids });
      return null;
    },
    create: async ({ record }: { record: unknown }): Promise<{ id: number }> => {
      const parsed = newSchema.safeParse(record);
      if (!parsed.success) throw new Refusal(`the new ${label} was refused: ${firstIssue(parsed.error)}`);
      const id = await db.transaction('rw', table, db.settings, async () => {
        const lastCreated = (await db.settings.get(lastCreatedKey(name)))?.value;
        const highest = Math.max(firstId - 1, Number((await table.orderBy(':id').lastKey()) ?? 0), typeof lastCreated === 'number' ? lastCreated : 0);
        if (highest >= MAX_RECORD_ID) throw new Refusal(`there is no free ${label} ID left above ${highest}`);
        const next = highest + 1;
        // The whole record through its schema once more: what is stored is exactly a T.
        await table.add(schema.parse({ ...parsed.data, id: next }));
        await db.settings.put({ key: lastCreatedKey(name), value: next });
        return next;
      });
      changed({ table: name, ids: [id] });
      return { id };
    },
    delete: async ({ ids }: { ids: number[] }): Promise<null> => {
      const existing = await db.transaction('rw', table, async () => {
        const found = (await table.where(':id').anyOf(ids).primaryKeys()) as number[];
        await table.bulkDelete(found);
        return found;
      });
      if (existing.length > 0) changed({ table: name, ids: existing });
      return null;
    },
  };
}

function describeRecord(record: unknown, index: number): string {
  const id = typeof record === 'object' && record !== null && 'id' in record ? record.id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : `#${index + 1} of the batch`;
}
