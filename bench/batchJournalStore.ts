import type { Store } from '../electron/core/store/store';

/**
 * The proposed journal layout, tried on the real database host without changing it: one row per
 * confirmed batch (here a settings row `journal/<device>/<n>`) instead of one row per user and
 * device. A 10,000-user sync to 50 devices then writes 1,000 rows, not 500,000. Reading replays
 * the rows in order (a real implementation would compact them on read). For the benchmark only:
 * the row numbers live in memory, so a journal does not survive the process.
 */
export function withBatchJournal(store: Store): Store {
  const rows = new Map<number, number>();
  const key = (deviceId: number, row: number): string => `journal/${deviceId}/${row}`;
  const journal: Store['journal'] = {
    read: async (deviceId) => {
      const entries = new Map<string, string>();
      for (let row = 0; row < (rows.get(deviceId) ?? 0); row++) {
        const batch = (await store.settings.get(key(deviceId, row))) as { written: [string, string][]; removed: string[] } | undefined;
        for (const [id, hash] of batch?.written ?? []) entries.set(id, hash);
        for (const id of batch?.removed ?? []) entries.delete(id);
      }
      return entries;
    },
    record: async (deviceId, written, removed) => {
      const row = rows.get(deviceId) ?? 0;
      rows.set(deviceId, row + 1);
      await store.settings.put(key(deviceId, row), { written: [...written], removed: [...removed] });
    },
    clear: async (deviceId) => {
      rows.delete(deviceId);
    },
  };
  return new Proxy(store, { get: (target, property, receiver) => (property === 'journal' ? journal : Reflect.get(target, property, receiver)) });
}
