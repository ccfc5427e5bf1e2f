import { demoSiteData, type DemoSiteDevice } from '../sim/demoSiteData';
import { sleep } from './concurrency';
import { StoreUnavailableError, type Store } from './store/store';

const SEEDED_SETTING = 'virtualSite.seeded';

/**
 * Gives a new console on the virtual site its demo master data (300 users, groups, levels,
 * schedules, doors, zones) once: only into an empty database, and never again after the
 * operator has had it, even if they delete every user. Returns whether it seeded.
 */
export async function seedDemoSite(store: Store, devices: readonly DemoSiteDevice[], now: () => number = Date.now): Promise<boolean> {
  if ((await store.settings.get(SEEDED_SETTING)) === true) return false;
  if ((await store.users.count()) > 0) {
    await store.settings.put(SEEDED_SETTING, true);
    return false;
  }
  const data = demoSiteData(devices);
  // Referenced records first, so nothing ever points at a record that is not there yet.
  await store.schedules.put(data.schedules);
  await store.doors.put(data.doors);
  await store.accessLevels.put(data.accessLevels);
  await store.accessGroups.put(data.accessGroups);
  await store.zones.put(data.zones);
  const result = await store.users.put(data.users);
  if (result.refused.length > 0) {
    throw new Error(`the demo site's users were refused: ${result.refused.map(({ id, problems }) => `${id}: ${problems[0]?.message ?? '?'}`).join('; ')}`);
  }
  await store.settings.put(SEEDED_SETTING, true);
  await store.events.add([
    {
      time: now(),
      source: 'console',
      kind: 'virtualSite.seeded',
      level: 'info',
      message: `virtual site: demo data added (${data.users.length} users, ${data.doors.length} doors, ${data.accessGroups.length} access groups)`,
      deviceId: null,
      userId: null,
      deviceEventId: null,
    },
  ]);
  return true;
}

/**
 * Seeds as soon as a database host is there: in the dev/test host that is when a browser first
 * opens the console, in Electron a moment after start. Stops trying when `signal` aborts.
 */
export async function seedDemoSiteWhenReachable(store: Store, devices: () => readonly DemoSiteDevice[], signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await seedDemoSite(store, devices());
      return;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      await sleep(1_000, signal);
    }
  }
}
