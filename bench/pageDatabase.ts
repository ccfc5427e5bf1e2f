import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { EVENTS_V5 } from '../renderer/dbhost/eventIndexes';

/*
 * Reads of the page's IndexedDB for the event benchmarks, and the plain Dexie baseline they are
 * measured against. The bench has no DOM types (root tsconfig), so the page globals used are
 * typed here; the code sent to the page uses no named function constants (tsx's keepNames would
 * wrap them in a helper the page does not have).
 */

interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbStore {
  count(): IdbRequest<number>;
  index(name: string): { count(query?: unknown): IdbRequest<number> };
  getAll(query?: unknown, count?: number): IdbRequest<Record<string, unknown>[]>;
}
interface IdbDatabase {
  transaction(store: string, mode: 'readonly'): { objectStore(name: string): IdbStore };
  close(): void;
}
interface IdbScope {
  indexedDB: { open(name: string): IdbRequest<IdbDatabase> & { onupgradeneeded: (() => void) | null } };
  IDBKeyRange: { upperBound(bound: string, open: boolean): unknown };
}

/**
 * Device events stored in the console's database: the keys of the dedup index below "console:"
 * (device keys start with a digit; the console's own events are keyed "console:<writeId>").
 */
export async function storedDeviceEvents(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const scope = globalThis as unknown as IdbScope;
        const opening = scope.indexedDB.open('portcullis');
        opening.onerror = () => reject(new Error(String(opening.error)));
        opening.onsuccess = () => {
          const db = opening.result;
          const counting = db.transaction('events', 'readonly').objectStore('events').index('deviceEventKey').count(scope.IDBKeyRange.upperBound('console:', true));
          counting.onsuccess = () => {
            db.close();
            resolve(counting.result);
          };
          counting.onerror = () => reject(new Error(String(counting.error)));
        };
      }),
  );
}

/**
 * The baseline: the newest `count` events the console stored, added again with plain Dexie
 * `bulkAdd` into a fresh database of the same table and indexes, in batches of `batch` (one
 * transaction each, as the console's database host does), as fast as the page can. Needs a page
 * whose CSP lets a script be added (the bench's context bypasses CSP for that).
 */
export async function plainDexieBulkAdd(page: Page, count: number, batch: number): Promise<{ events: number; ms: number }> {
  const dexieFile = createRequire(import.meta.url).resolve('dexie/dist/dexie.js');
  await page.addScriptTag({ path: dexieFile });
  return page.evaluate(
    async ({ wanted, batchSize, indexes }) => {
      interface DexieTable {
        bulkAdd(rows: unknown[]): Promise<unknown>;
      }
      interface DexieDatabase {
        version(n: number): { stores(schema: Record<string, string>): void };
        open(): Promise<unknown>;
        table(name: string): DexieTable;
        transaction(mode: 'rw', table: DexieTable, scope: () => Promise<unknown>): Promise<unknown>;
        delete(): Promise<void>;
        close(): void;
      }
      const scope = globalThis as unknown as IdbScope & { Dexie: new (name: string) => DexieDatabase; performance: { now(): number } };
      // The events to add: the console's own rows, read back whole (seq dropped, so the new table numbers them).
      const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const opening = scope.indexedDB.open('portcullis');
        opening.onerror = () => reject(new Error(String(opening.error)));
        opening.onsuccess = () => {
          const db = opening.result;
          const reading = db.transaction('events', 'readonly').objectStore('events').getAll(undefined, wanted);
          reading.onsuccess = () => {
            db.close();
            resolve(reading.result.map((row) => Object.fromEntries(Object.entries(row).filter(([field]) => field !== 'seq'))));
          };
          reading.onerror = () => reject(new Error(String(reading.error)));
        };
      });
      const baseline = new scope.Dexie('portcullis-bench-baseline');
      baseline.version(1).stores({ events: indexes });
      await baseline.open();
      const events = baseline.table('events');
      const started = scope.performance.now();
      for (let start = 0; start < rows.length; start += batchSize) {
        const part = rows.slice(start, start + batchSize);
        await baseline.transaction('rw', events, () => events.bulkAdd(part));
      }
      const ms = scope.performance.now() - started;
      await baseline.delete();
      return { events: rows.length, ms };
    },
    { wanted: count, batchSize: batch, indexes: EVENTS_V5 },
  );
}
