import { forEachLimited } from '../concurrency';
import { describeAccessDiff, leftAfterWriting, type AccessDiff } from './accessRecords';
import { placedAfterWriting, recordPlaced, writeAccess } from './accessSync';
import { cheapCheck } from './deviceChecks';
import { fillWhatFits } from './fullDevice';
import type { DeviceSlot } from './deviceSlot';
import type { DesiredEntries } from './desiredIndex';
import { journalChange, journalValues } from './journalBook';
import { consoleEvent } from './syncEvents';
import { runSyncJob, type SyncJobDevice } from './syncJob';
import type { UserDiff } from './userDiff';
import type { DevicePlacement } from '../../../shared/devices';
import { pullsFromDevices } from '../../../shared/domain/syncMode';
import { checkDeviceAccess, desiredWithPlacement, failureOf, forgetChangesAtDevice, onFailure, settle, syncJobContext, type WorkContext } from './workContext';

/** Devices planned at once when a group sync starts (header lists and journals read in parallel). */
const PLAN_CONCURRENCY = 8;

/**
 * One sync round for devices of one profile on one gateway: each device's diff (header list,
 * journal, desired state), then one job that writes them all (shared Multi calls where they
 * need the same users). The state shown afterwards rests on what the device confirmed: its
 * header list at the start and every batch since; a job that did not get through everything
 * checks the device's header list again.
 */
export async function runSyncGroup(context: WorkContext, slots: readonly DeviceSlot[]): Promise<void> {
  const first = slots[0];
  const link = first?.link;
  const profile = first?.profile;
  if (!first || !link || !profile) return;
  const links = new Map(slots.map((slot) => [slot, slot.link]));
  for (const slot of slots) slot.wantsSync = null;

  const jobDevices: SyncJobDevice[] = [];
  const planned: DeviceSlot[] = [];
  const plans = new Map<DeviceSlot, { diff: UserDiff; write: string[]; accessLeft: string[]; placement: DevicePlacement }>();
  await forEachLimited(slots, PLAN_CONCURRENCY, async (slot) => {
    const slotLink = links.get(slot);
    if (!slotLink) return;
    try {
      const accessCheck = checkDeviceAccess(context, slot, slotLink, true);
      accessCheck.catch(() => undefined); // awaited below
      // The placement too: an automatic sync after a change of doors or groups runs without a check first.
      const { desired, placement } = await desiredWithPlacement(context, slot, profile);
      await forgetChangesAtDevice(context, slot);
      const { diff, journal } = await cheapCheck({ client: slotLink.client, journal: context.journal, deviceId: slot.deviceId, desired });
      const previous = journalValues(journal, desired, [...diff.missing, ...diff.outdated, ...diff.extra, ...diff.forget]);
      if (diff.forget.length > 0) await context.journal.record(slot.deviceId, journalChange(new Map(), diff.forget), previous);
      const changedThere = pullsFromDevices(context.mode) ? changedAtDeviceUnread(diff.outdated, journal, desired) : new Set<string>();
      queuePulls(slot, changedThere);
      const toWrite = [...diff.missing, ...diff.outdated.filter((id) => !changedThere.has(id))];
      const write = slot.refused.size === 0 ? toWrite : toWrite.filter((id) => slot.refused.get(id) !== desired.get(id)?.hash);
      // Access rules first: users name access groups, and the rules are a few small lists.
      const access = await accessCheck;
      const accessWritten = access.converged ? 0 : await writeAccess(slotLink.client, slot.deviceId, access.diff);
      if (accessWritten > 0) {
        slot.lastAccessCheck = null;
        await recordPlaced(context.store, slot.deviceId, placedAfterWriting(access));
      }
      const accessLeft = access.converged ? access.words : onlyOnDeviceWords(access.diff);
      if (accessWritten > 0) {
        context.events.add(consoleEvent(context.now(), 'sync.access', 'info', `${accessWritten} access rule(s) written to ${context.deviceName(slot)}`, slot.deviceId));
      }
      if (write.length === 0 && diff.extra.length === 0) {
        settle(context, slot, diff, accessLeft, placement);
        return;
      }
      jobDevices.push({ key: slot.key, deviceId: slot.deviceId, write, remove: diff.extra, previous });
      planned.push(slot);
      plans.set(slot, { diff, write, accessLeft, placement });
      context.status.begin(slot.key, 'syncing', write.length + diff.extra.length);
      context.events.add(
        consoleEvent(context.now(), 'sync.started', 'info', `Sync of ${context.deviceName(slot)} started: ${write.length} user(s) to write, ${diff.extra.length} to delete`, slot.deviceId),
      );
    } catch (error) {
      slot.wantsSync ??= 'automatic';
      onFailure(context, slot, slotLink, 'sync', failureOf(error, slot.deviceId));
    }
  });
  if (jobDevices.length === 0) return;

  const outcomes = await runSyncJob(
    syncJobContext(context, link, profile),
    jobDevices,
  );

  await forEachLimited(planned, PLAN_CONCURRENCY, async (slot) => {
    const outcome = outcomes.get(slot.key);
    const slotLink = links.get(slot);
    if (!outcome || !slotLink) return;
    const name = context.deviceName(slot);
    // A full device refused whole batches: what still fits is written, and who did not fit is named.
    const fitted = outcome.failure?.kind === 'full' ? await fillWhatFits(context, slot, slotLink, profile, outcome.failure) : null;
    if (fitted) {
      outcome.written += fitted.written;
      outcome.refused.push(...fitted.refused);
      outcome.failure = fitted.failure;
    }
    for (const refused of outcome.refused) {
      slot.refused.set(refused.userId, refused.hash);
      context.events.add(consoleEvent(context.now(), 'sync.userRefused', 'error', `User ${refused.userId} refused by ${name}: ${refused.reason}`, slot.deviceId, refused.userId));
    }
    if (outcome.refused.length > 0) slot.failure = refusedSummary(outcome.refused.length, outcome.refused[0]);
    const counts = `${outcome.written} user(s) written, ${outcome.deleted} deleted`;
    if (outcome.failure) {
      // A shared call failed with the device still there (a deadline passed): the group splits.
      if (planned.length > 1 && outcome.failure.kind === 'unreachable' && slot.link === slotLink) slot.syncsAlone = true;
      context.events.add(consoleEvent(context.now(), 'sync.stopped', 'warning', `Sync of ${name} stopped after ${counts}: ${outcome.failure.message}`, slot.deviceId));
      slot.wantsSync ??= 'automatic';
      onFailure(context, slot, slotLink, 'sync', outcome.failure);
      // The counts shown with the error are the device's after the fill.
      if (fitted?.diff && slot.failure) settle(context, slot, fitted.diff, plans.get(slot)?.accessLeft ?? [], plans.get(slot)?.placement);
      return;
    }
    if (fitted?.diff) {
      // Everything fitted after all: the fill's check is the device's word.
      slot.attempts = 0;
      context.events.add(consoleEvent(context.now(), 'sync.finished', 'info', `Sync of ${name} finished: ${counts}`, slot.deviceId));
      settle(context, slot, fitted.diff, plans.get(slot)?.accessLeft ?? [], plans.get(slot)?.placement);
      return;
    }
    const plan = plans.get(slot);
    const planDone = plan !== undefined && outcome.written + outcome.refused.length + outcome.skipped === plan.write.length && outcome.deleted === plan.diff.extra.length;
    if (context.signal.aborted && !planDone) {
      // The console is stopping (quit): the job ended after its batch in flight, every
      // confirmed batch is in the journal, and the device is checked again at the next start.
      context.events.add(consoleEvent(context.now(), 'sync.interrupted', 'info', `Sync of ${name} interrupted: the console stopped after ${counts}; the next sync writes the rest`, slot.deviceId));
      return;
    }
    slot.attempts = 0;
    context.events.add(consoleEvent(context.now(), 'sync.finished', outcome.refused.length > 0 ? 'warning' : 'info', `Sync of ${name} finished: ${counts}`, slot.deviceId));
    if (plan && outcome.written + outcome.refused.length === plan.write.length && outcome.deleted === plan.diff.extra.length && outcome.skipped === 0) {
      // Every write and delete of the plan was confirmed by the device, batch by batch, on top of
      // the header list it gave at the start: that is the device's word, no second list needed.
      // A change at the device meanwhile arrives as its event (a check follows), a change in the
      // master copy as a store change (likewise).
      const everything = outcome.refused.length === 0 && plan.write.length === plan.diff.missing.length + plan.diff.outdated.length;
      const refused = new Set(outcome.refused.map((refusal) => refusal.userId));
      const written = everything ? null : new Set(plan.write);
      const left = (id: string): boolean => written !== null && (!written.has(id) || refused.has(id));
      settle(context, slot, {
        missing: everything ? [] : plan.diff.missing.filter(left),
        outdated: everything ? [] : plan.diff.outdated.filter(left),
        extra: [],
        onlyOnDevice: plan.diff.onlyOnDevice,
        forget: [],
      }, plan.accessLeft, plan.placement);
      return;
    }
    if (slot.link !== slotLink || context.signal.aborted) return;
    try {
      const { desired, placement } = await desiredWithPlacement(context, slot, profile);
      const { diff } = await cheapCheck({ client: slotLink.client, journal: context.journal, deviceId: slot.deviceId, desired });
      settle(context, slot, diff, (await checkDeviceAccess(context, slot, slotLink)).words, placement);
    } catch (error) {
      slot.wantsCheck ??= 'cheap';
      onFailure(context, slot, slotLink, 'check', failureOf(error, slot.deviceId));
    }
  });
}

/**
 * Outdated users whose journal entry is the record the console wants there: only the device's
 * header counts differ, so someone changed the user at the device, and its event has not been
 * taken yet (or was lost). In the pulling mode these are pulled, never overwritten unread: the
 * sync would otherwise replace a card enrolled at the reader before the console read it.
 */
function changedAtDeviceUnread(outdated: readonly string[], journal: ReadonlyMap<string, string> | 'equals-desired', desired: DesiredEntries): Set<string> {
  if (journal === 'equals-desired') return new Set(outdated);
  return new Set(outdated.filter((id) => journal.get(id) !== undefined && journal.get(id) === desired.get(id)?.hash));
}

/** Pulls these users from the device (pullWork.ts), then checks it again, which syncs what the merge leaves different. */
function queuePulls(slot: DeviceSlot, ids: ReadonlySet<string>): void {
  if (ids.size === 0) return;
  for (const id of ids) if (!slot.pendingPulls.has(id)) slot.pendingPulls.set(id, []);
  slot.wantsPull = true;
  slot.wantsCheck ??= 'cheap';
}

/** What stays different once the writes are done: rules only on the device, never deleted by a sync. */
function onlyOnDeviceWords(diff: AccessDiff): string[] {
  return describeAccessDiff(leftAfterWriting(diff), () => undefined);
}

function refusedSummary(count: number, first: { userId: string; reason: string } | undefined): string {
  const example = first ? `: user ${first.userId} (${first.reason})` : '';
  return `${count} user(s) refused by the device${example}`;
}
