import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { DeviceUserRecord } from '../../../shared/domain/deviceRecord';
import { mergeDeviceUser } from '../../../shared/domain/merge';
import type { User } from '../../../shared/domain/user';
import { StoreFaultError, StoreUnavailableError, StoreWriteError } from '../store/store';
import type { DeviceSlot } from './deviceSlot';
import { journalChange } from './journalBook';
import { consoleUsers, readDeviceUsers } from './manageUsers';
import { recordHash } from './recordHash';
import { consoleEvent } from './syncEvents';
import { desiredRecord, userFromRecord } from './userInfoCodec';
import { ensureProfile, failureOf, onFailure, type WorkContext } from './workContext';

/**
 * The device-origin pipeline's pull (DESIGN.md §4, steps 2–5; *All devices (including user
 * update from device)*): the users changed at one device are read from it in batches, merged
 * into the master copy (shared/domain/merge.ts) and stored in one write.
 *
 * - Stored: "saved to the server DB"; the store change sends the user on to every device that
 *   should hold it (the automatic mode). The origin is written only if what it holds differs
 *   from the merged record: when it matches, its journal takes the device's hash.
 * - Refused by the database for its data (a card that is another user's, an invalid ID, a
 *   limit): "Fail to save to the server DB" with the reason; nothing in the database changes and
 *   the user stays on the device only. A known user's journal entry goes, so the device shows
 *   out of sync and gets the console's record back.
 * - Database unreachable or failing whatever the data (quota exceeded, a transaction aborted:
 *   StoreFaultError), device gone or failing: "Fail to save to the server DB" when it is the
 *   database; the users stay pending, retried with backoff a bounded number of times; their
 *   events are not handled, so the next reconnect or start reads and pulls them again.
 *
 * The device events behind the pulled users are handled (their cursor may pass) only once all of
 * that is stored.
 */
export async function runPull(context: WorkContext, slot: DeviceSlot): Promise<void> {
  const link = slot.link;
  if (!link) return;
  const batch = new Map<string, number[]>();
  for (const [id, eventIds] of slot.pendingPulls) {
    if (batch.size >= context.tuning.maxUsersPerPull) break;
    batch.set(id, eventIds);
  }
  for (const id of batch.keys()) slot.pendingPulls.delete(id);
  if (slot.pendingPulls.size === 0) slot.wantsPull = false;
  const ids = [...batch.keys()];
  const name = context.deviceName(slot);
  const now = context.now();
  try {
    const profile = await ensureProfile(slot, link);
    const readings = await readDeviceUsers({ client: link.client, deviceId: slot.deviceId, readBatch: context.tuning.readBatchUsers }, ids);
    const existing = await consoleUsers(context.store, ids);
    const refused = new Map<string, string>();
    const merged: { user: User; held: DeviceUserRecord; taken: string[]; isNew: boolean }[] = [];
    /** Journal of the origin: users whose device record is the console's (hash), and users whose entry goes. */
    const adopted = new Map<string, string>();
    const forgotten: string[] = [];
    for (const id of ids) {
      const reading = readings.get(id);
      // Gone again (deleted at the device meanwhile): nothing to pull; the check sees it missing.
      if (!reading) {
        forgotten.push(id);
        continue;
      }
      if (!reading.ok) {
        refused.set(id, `the device's record cannot be read: ${reading.reason}`);
        continue;
      }
      const result = mergeDeviceUser(existing.get(id), userFromRecord(reading.record, now), now);
      if (result.changed) merged.push({ user: result.user, held: reading.record, taken: result.taken, isNew: result.isNew });
      else adoptIfSame(result.user, reading.record, profile.capabilities, adopted, forgotten);
    }

    const stored = new Set<string>();
    if (merged.length > 0) {
      try {
        const put = await context.store.users.put(merged.map((entry) => entry.user));
        for (const id of put.stored) stored.add(id);
        for (const { id, problems } of put.refused) refused.set(id, problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') || 'refused by the database');
      } catch (error) {
        // A database that is not there or failed the write is retried; data it refused stays refused.
        if (!(error instanceof StoreWriteError) || error instanceof StoreFaultError) throw error;
        for (const { user } of merged) refused.set(user.id, error.message);
      }
    }

    const events: ConsoleEvent[] = [];
    for (const { user, held, taken, isNew } of merged) {
      if (!stored.has(user.id)) continue;
      adoptIfSame(user, held, profile.capabilities, adopted, forgotten);
      const what = isNew ? 'new user' : taken.join(', ');
      events.push(consoleEvent(now, 'deviceOrigin.saved', 'info', `User ${user.id} from ${name} saved to the server DB (${what})`, slot.deviceId, user.id));
    }
    for (const [id, reason] of refused) {
      if (existing.has(id)) forgotten.push(id);
      events.push(consoleEvent(now, 'deviceOrigin.saveFailed', 'error', `Fail to save to the server DB: user ${id} from ${name}: ${reason}`, slot.deviceId, id));
    }
    // Said before the journal is written: a retry after a failed journal write finds the users
    // stored and unchanged, and would not say it again.
    context.events.add(...events);
    if (adopted.size > 0 || forgotten.length > 0) await context.journal.record(slot.deviceId, journalChange(adopted, forgotten), null);
    await context.events.flush();
    context.cursors.handled(
      slot.deviceId,
      [...batch.values()].flatMap((eventIds) => eventIds),
    );
  } catch (error) {
    // Put back what was not done (a newer change at the device meanwhile keeps its own events too).
    for (const [id, eventIds] of batch) slot.pendingPulls.set(id, [...eventIds, ...(slot.pendingPulls.get(id) ?? [])]);
    slot.wantsPull = true;
    if (error instanceof StoreUnavailableError || error instanceof StoreFaultError) {
      context.events.add(
        consoleEvent(now, 'deviceOrigin.saveFailed', 'error', `Fail to save to the server DB: ${ids.length} user(s) from ${name}: ${error.message}; kept on the device and tried again`, slot.deviceId),
      );
    }
    onFailure(context, slot, link, 'pull', failureOf(error, slot.deviceId));
  }
}

/** The origin already holds exactly the console's record for this user: its journal says so, and nothing is rewritten there. */
function adoptIfSame(user: User, held: DeviceUserRecord, capabilities: Parameters<typeof desiredRecord>[1], adopted: Map<string, string>, forgotten: string[]): void {
  const wanted = desiredRecord(user, capabilities);
  const hash = recordHash(held);
  if (wanted && recordHash(wanted) === hash) adopted.set(user.id, hash);
  else forgotten.push(user.id);
}
