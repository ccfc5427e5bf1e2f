import type { InsertType, Table } from 'dexie';
import type { z } from 'zod';
import { chunk } from '../../shared/db/batches';
import { firstIssue, type AccessTableName, type StoreChangeMessage } from '../../shared/db/protocol';
import { Refusal } from './refusal';
import { WRITE_CHUNK, type PortcullisDatabase } from './schema';

/**
 * all / put / delete for one access table (groups, levels, schedules, doors, zones). A put
 * checks every record against its domain schema first: one bad record refuses the batch,
 * naming it and the field, and nothing is stored.
 */
export function accessTableHandlers<T extends { id: number }>(
  host: { db: PortcullisDatabase; changed: (change: StoreChangeMessage) => void },
  name: AccessTableName,
  table: Table<T, number, InsertType<T, 'id'>>,
  schema: z.ZodType<T>,
  label: string,
) {
  const { db, changed } = host;
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
