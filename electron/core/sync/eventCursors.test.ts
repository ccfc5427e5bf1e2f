import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openInProcessStore, type InProcessStore } from '../store/inProcessStore';
import { EventCursors, logEpochSetting } from './eventCursors';

let handle: InProcessStore;
const failures: unknown[] = [];

beforeEach(async () => {
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  failures.length = 0;
});

afterEach(async () => {
  await handle.close();
});

const cursorsOn = (store: InProcessStore): EventCursors => new EventCursors(store.store, 5, (error) => failures.push(error));

describe('event cursors', () => {
  it('starts a never-read device at 0, and moves only over an unbroken run of handled events', async () => {
    const cursors = cursorsOn(handle);
    expect(await cursors.position(7)).toBe(0);
    cursors.handled(7, [1, 2, 4, 5]);
    expect(await cursors.position(7)).toBe(2);
    cursors.handled(7, [3]);
    expect(await cursors.position(7)).toBe(5);
    await cursors.flush();
    expect(await handle.store.eventCursors.get(7)).toBe(5);
    expect(failures).toEqual([]);
  });

  it('keeps what live events handled before the stored position was read, and reads on from the store after a restart', async () => {
    await handle.store.eventCursors.put(9, 100);
    const cursors = cursorsOn(handle);
    // Live events arrive before the catch-up asked for the position: 101 and 102 follow on, 150 does not.
    cursors.handled(9, [101, 102, 150, 40]);
    expect(await cursors.position(9)).toBe(102);
    await cursors.flush();

    const afterRestart = cursorsOn(handle);
    expect(await afterRestart.position(9)).toBe(102);
    expect(await afterRestart.position(10)).toBe(0);
  });

  it('restarts a device whose log began again from 1: a new epoch, stored before the position goes back to 0', async () => {
    await handle.store.eventCursors.put(8, 500);
    const cursors = cursorsOn(handle);
    expect(await cursors.position(8)).toBe(500);
    cursors.handled(8, [502]);
    expect(await cursors.epoch(8)).toBe(0);
    expect(await cursors.restart(8)).toBe(1);
    expect(await cursors.position(8)).toBe(0);
    // Nothing of the old run counts in the new one: 502 above the old gap is forgotten.
    cursors.handled(8, [1, 2]);
    expect(await cursors.position(8)).toBe(2);
    expect(cursors.isHandled(8, 3)).toBe(false);
    await cursors.flush();
    expect(await handle.store.settings.get(logEpochSetting(8))).toBe(1);

    const afterRestart = cursorsOn(handle);
    expect(await afterRestart.position(8)).toBe(2);
    expect(await afterRestart.epoch(8)).toBe(1);
    expect(await afterRestart.restart(8)).toBe(2);
    expect(await afterRestart.epoch(9)).toBe(0);
  });

  it('passes events that can never be read (overwritten in the device log), next to the position or above a gap', async () => {
    const cursors = cursorsOn(handle);
    await cursors.position(6);
    cursors.handled(6, [1, 2]);
    cursors.skipOver(6, 3, 40);
    expect(await cursors.position(6)).toBe(40);
    cursors.skipOver(6, 45, 47);
    expect(await cursors.position(6)).toBe(40);
    expect(cursors.isHandled(6, 46)).toBe(true);
    cursors.handled(6, [41, 42, 43, 44]);
    expect(await cursors.position(6)).toBe(47);
    cursors.skipOver(6, 10, 5);
    expect(await cursors.position(6)).toBe(47);
  });

  it('writes moved cursors by itself, a short while after they move', async () => {
    const cursors = cursorsOn(handle);
    await cursors.position(3);
    cursors.handled(3, [1, 2, 3]);
    const deadline = Date.now() + 2_000;
    while ((await handle.store.eventCursors.get(3)) !== 3) {
      if (Date.now() > deadline) throw new Error('the cursor was never written');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  it('a write the store cannot take is reported to the engine, not thrown', async () => {
    const cursors = cursorsOn(handle);
    await cursors.position(4);
    cursors.handled(4, [1]);
    await handle.close();
    await cursors.flush();
    expect(failures).toHaveLength(1);
    handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  });
});
