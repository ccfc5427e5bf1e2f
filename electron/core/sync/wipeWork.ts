import { clearAccess, emptyPlaced, recordPlaced } from './accessSync';
import { chunks } from './callPlan';
import { deleteOnDevices } from './deviceFailure';
import type { DeviceSlot } from './deviceSlot';
import { journalChange } from './journalBook';
import { consoleEvent } from './syncEvents';
import { desiredFor, ensureProfile, failureOf, onFailure, type WorkContext } from './workContext';

/**
 * Wipe & resync: deletes every user the console placed on the device (its journal) or wants
 * there, and every access rule, forgets the journal, and queues a full sync. Users only on the
 * device stay: they were never the console's, and only the operator deletes them (Manage users
 * → Delete from device). Access rules have no such owner on a device, so all of them go, which
 * is also how an operator clears rules the device holds from elsewhere.
 */
export async function runWipe(context: WorkContext, slot: DeviceSlot): Promise<void> {
  const link = slot.link;
  if (!link) return;
  slot.wantsWipe = false;
  try {
    const profile = await ensureProfile(slot, link);
    const desired = await desiredFor(context, slot, profile);
    const [hdrs, journal] = await Promise.all([link.client.user.getList(slot.deviceId), context.journal.read(slot.deviceId)]);
    const ids = hdrs.map((hdr) => hdr.ID).filter((id) => journal.has(id) || desired.has(id));
    context.status.begin(slot.key, 'syncing', ids.length);
    let deleted = 0;
    for (const batch of chunks(ids, context.tuning.maxDeleteIds)) {
      const failure = (await deleteOnDevices(link.client, [slot.deviceId], batch)).get(slot.deviceId);
      if (failure) throw Object.assign(new Error(failure.message), { deviceFailure: failure });
      await context.journal.record(slot.deviceId, journalChange(new Map(), batch), journal);
      deleted += batch.length;
      context.status.progress(slot.key, deleted, ids.length);
    }
    await clearAccess(link.client, slot.deviceId);
    slot.lastAccessCheck = null;
    await recordPlaced(context.store, slot.deviceId, emptyPlaced());
    await context.journal.clear(slot.deviceId);
    slot.failure = null;
    slot.refused.clear();
    slot.wantsSync = 'operator';
    context.events.add(
      consoleEvent(context.now(), 'sync.wiped', 'warning', `Wipe of ${context.deviceName(slot)}: ${deleted} user(s) placed by the console deleted, journal cleared; a full sync follows`, slot.deviceId),
    );
  } catch (error) {
    slot.wantsWipe = true;
    onFailure(context, slot, link, 'wipe', failureOf(error, slot.deviceId));
  }
}
