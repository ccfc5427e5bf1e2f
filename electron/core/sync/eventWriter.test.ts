import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import { openInProcessStore, type InProcessStore } from '../store/inProcessStore';
import type { Store } from '../store/store';
import { consoleEvent, EventWriter } from './syncEvents';

let handle: InProcessStore;

beforeEach(async () => {
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
});

afterEach(async () => {
  await handle.close();
});

/** The Store, with its event writes failing as told: before storing (`refuse`) or after (`loseAnswer`). */
function flakyEvents(store: Store, plan: ('refuse' | 'loseAnswer')[]): Store {
  return {
    ...store,
    events: {
      ...store.events,
      add: async (events: readonly ConsoleEvent[]) => {
        const next = plan.shift();
        if (next === 'refuse') throw new Error('the database host is being replaced');
        await store.events.add(events);
        if (next === 'loseAnswer') throw new Error('the answer was lost');
      },
    },
  };
}

const line = (message: string): ConsoleEvent => consoleEvent(1_700_000_000_000, 'sync.started', 'info', message, null);
const storedMessages = async (): Promise<string[]> => (await handle.database.events.orderBy('seq').toArray()).map((event) => event.message);

describe('the console’s event writer', () => {
  it('keeps a batch the database refused and stores it later, in order, ahead of newer lines', async () => {
    const writer = new EventWriter(flakyEvents(handle.store, ['refuse', 'refuse']), { delayMs: 1, retryMs: [5] });
    writer.add(line('first'), line('second'));
    await writer.flush();
    expect(writer.unstored).toBe(2);
    writer.add(line('third'));
    await expect.poll(() => writer.unstored, { timeout: 2_000 }).toBe(0);
    await writer.flush();
    expect(await storedMessages()).toEqual(['first', 'second', 'third']);
  });

  it('stores a batch once when it was stored but its answer was lost, and it is sent again', async () => {
    const writer = new EventWriter(flakyEvents(handle.store, ['loseAnswer']), { delayMs: 1, retryMs: [5] });
    writer.add(line('only once'));
    await writer.flush();
    await expect.poll(() => writer.unstored, { timeout: 2_000 }).toBe(0);
    expect(await storedMessages()).toEqual(['only once']);
  });

  it('keeps console events without a write ID apart (every one is stored)', async () => {
    await handle.store.events.add([line('a'), line('a')]);
    expect(await storedMessages()).toEqual(['a', 'a']);
  });

  it('keeps at most 20,000 unstored lines while the database refuses them, dropping the oldest and saying so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const writer = new EventWriter(flakyEvents(handle.store, ['refuse']), { delayMs: 1, retryMs: [60_000] });
      const lines = Array.from({ length: 20_005 }, (_, index) => line(`line ${index}`));
      writer.add(...lines.slice(0, 10_000));
      await writer.flush();
      expect(writer.unstored).toBe(10_000);
      writer.add(...lines.slice(10_000));
      expect(writer.unstored).toBe(20_000);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^event log: 5 of the console's own event\(s\) dropped/));

      await writer.flush();
      const stored = await storedMessages();
      expect(stored).toHaveLength(20_000);
      expect(stored[0]).toBe('line 5');
      expect(stored.at(-1)).toBe('line 20004');
    } finally {
      warn.mockRestore();
    }
  });
});
