import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_RUNNING_SETTING, RunMarker, UNCLEAN_SHUTDOWN_MESSAGE } from './runMarker';
import { openInProcessStore, type InProcessStore } from './store/inProcessStore';
import { EventWriter } from './sync/syncEvents';

let handle: InProcessStore;

beforeEach(async () => {
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
});

afterEach(async () => {
  await handle.close();
});

/** One console's run on the shared database: its marker and its event writer. */
function consoleRun(): { marker: RunMarker; events: EventWriter } {
  const events = new EventWriter(handle.store, { delayMs: 1 });
  return { marker: new RunMarker(handle.store, events), events };
}

async function warnings(): Promise<string[]> {
  return (await handle.database.events.toArray()).filter((event) => event.kind === 'console.uncleanShutdown').map((event) => event.message);
}

describe('the run marker', () => {
  it('says nothing after a first start or an orderly stop, and says so once after a console that was killed', async () => {
    const first = consoleRun();
    await first.marker.started();
    expect(await handle.store.settings.get(CONSOLE_RUNNING_SETTING)).toBe(true);
    await first.marker.stopped();
    await first.marker.stopped(); // a second stop has nothing left to clear
    expect(await handle.store.settings.get(CONSOLE_RUNNING_SETTING)).toBe(false);

    const second = consoleRun();
    await second.marker.started();
    await second.events.flush();
    expect(await warnings()).toEqual([]);
    // Killed: never stopped.

    const third = consoleRun();
    await third.marker.started();
    await third.events.flush();
    expect(await warnings()).toEqual([UNCLEAN_SHUTDOWN_MESSAGE]);
    await third.marker.stopped();
  });
});
