import { UNKNOWN_SYNC } from '../../../shared/devices';
import { forEachLimited } from '../concurrency';
import type { Store } from '../store/store';
import { describeAccessDiff, leftAfterWriting, type AccessDiff } from './accessRecords';
import {
  checkAccess,
  clearAccess,
  emptyPlaced,
  placedAfterWriting,
  readPlaced,
  recordPlaced,
  writeAccess,
  type AccessCheck,
  type AccessTablesCache,
} from './accessSync';
import { chunks } from './callPlan';
import { cheapCheck, deepCheck, type CheckResult } from './deviceChecks';
import { deleteOnDevices, failuresOf, type DeviceFailure } from './deviceFailure';
import { profileFromCapability, type DeviceProfile } from './deviceProfile';
import type { DeviceLink, DeviceSlot } from './deviceSlot';
import type { DesiredEntries, DesiredIndex } from './desiredIndex';
import { journalChange, type JournalBook } from './journalBook';
import { consoleEvent, type EventWriter } from './syncEvents';
import { runSyncJob, type SyncJobDevice } from './syncJob';
import { syncAfterCheck, type SyncStatusWriter } from './syncStatus';
import type { SyncTuning } from './syncTuning';
import { isConverged, type UserDiff } from './userDiff';
import { routedEntries, type UserRouting } from './userRouting';

/** What every piece of device work needs; built once by the engine. */
export interface WorkContext {
  store: Store;
  journal: JournalBook;
  access: AccessTablesCache;
  index: DesiredIndex;
  routing: UserRouting;
  status: SyncStatusWriter;
  events: EventWriter;
  tuning: SyncTuning;
  now: () => number;
  /** Aborted when the engine stops. */
  signal: AbortSignal;
  random: () => number;
  deviceName(slot: DeviceSlot): string;
  /** Every completed check, for whoever decides on automatic syncs (the next issue's modes). */
  onChecked(slot: DeviceSlot, result: CheckResult): void;
}

/** Devices planned at once when a group sync starts (header lists and journals read in parallel). */
const PLAN_CONCURRENCY = 8;

/** The device's model, read once per connection (Device.GetCapability). */
export async function ensureProfile(slot: DeviceSlot, link: DeviceLink): Promise<DeviceProfile> {
  if (slot.profile && slot.link === link) return slot.profile;
  const profile = profileFromCapability(await link.client.device.getCapability(slot.deviceId));
  if (slot.link === link) slot.profile = profile;
  return profile;
}

export async function desiredFor(context: WorkContext, slot: DeviceSlot, profile: DeviceProfile): Promise<DesiredEntries> {
  const [entries, routed] = await Promise.all([
    context.index.forCapabilities(profile.capabilities),
    context.routing.desiredUserIds(slot.gatewayId, slot.deviceId),
  ]);
  return routedEntries(entries, routed);
}

/**
 * A user changed at the device is no longer what the console confirmed writing: its journal
 * entry goes, so the check sees the user as outdated (or missing) even when its header counts
 * did not move, and the next sync writes the console's record again.
 */
async function forgetChangesAtDevice(context: WorkContext, slot: DeviceSlot): Promise<void> {
  if (slot.changedAtDevice.size === 0) return;
  const ids = [...slot.changedAtDevice];
  slot.changedAtDevice.clear();
  try {
    await context.journal.record(slot.deviceId, journalChange(new Map(), ids), null);
  } catch (error) {
    for (const id of ids) slot.changedAtDevice.add(id);
    throw error;
  }
}

/** Cheap (headers) or deep (full records) check of one device; sets its sync state. */
export async function runCheck(context: WorkContext, slot: DeviceSlot, deep: boolean): Promise<void> {
  const link = slot.link;
  if (!link) return;
  const previous = context.status.get(slot.key)?.state;
  try {
    const profile = await ensureProfile(slot, link);
    const desired = await desiredFor(context, slot, profile);
    await forgetChangesAtDevice(context, slot);
    if (deep) context.status.begin(slot.key, 'checking', desired.size);
    else context.status.set(slot.key, (sync) => ({ ...sync, state: 'checking' }));
    const target = { client: link.client, journal: context.journal, deviceId: slot.deviceId, desired };
    const result = deep
      ? await deepCheck(target, context.tuning.readBatchUsers, context.signal, (done, total) => context.status.progress(slot.key, done, total))
      : await cheapCheck(target);
    const access = await checkDeviceAccess(context, link, slot.deviceId);
    if (deep) slot.lastDeepCheckAt = context.now();
    slot.attempts = 0;
    const state = settle(context, slot, result.diff, access.words);
    if (deep || (state !== previous && previous !== 'checking' && previous !== 'syncing')) logCheck(context, slot, deep, result, access.words, state);
    context.onChecked(slot, result);
  } catch (error) {
    if (deep) slot.wantsCheck = 'deep';
    else slot.wantsCheck ??= 'cheap';
    onFailure(context, slot, link, 'check', failureOf(error, slot.deviceId));
  }
}

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
  const plans = new Map<DeviceSlot, { diff: UserDiff; write: string[]; accessLeft: string[] }>();
  await forEachLimited(slots, PLAN_CONCURRENCY, async (slot) => {
    const slotLink = links.get(slot);
    if (!slotLink) return;
    try {
      const desired = await desiredFor(context, slot, profile);
      await forgetChangesAtDevice(context, slot);
      const { diff, journal } = await cheapCheck({ client: slotLink.client, journal: context.journal, deviceId: slot.deviceId, desired });
      const previous = journalValues(journal, desired, [...diff.missing, ...diff.outdated, ...diff.extra, ...diff.forget]);
      if (diff.forget.length > 0) await context.journal.record(slot.deviceId, journalChange(new Map(), diff.forget), previous);
      const toWrite = [...diff.missing, ...diff.outdated];
      const write = slot.refused.size === 0 ? toWrite : toWrite.filter((id) => slot.refused.get(id) !== desired.get(id)?.hash);
      // Access rules first: users name access groups, and the rules are a few small lists.
      const access = await checkDeviceAccess(context, slotLink, slot.deviceId);
      const accessWritten = access.converged ? 0 : await writeAccess(slotLink.client, slot.deviceId, access.diff);
      if (accessWritten > 0) await recordPlaced(context.store, slot.deviceId, placedAfterWriting(access));
      const accessLeft = access.converged ? access.words : onlyOnDeviceWords(access.diff);
      if (accessWritten > 0) {
        context.events.add(consoleEvent(context.now(), 'sync.access', 'info', `${accessWritten} access rule(s) written to ${context.deviceName(slot)}`, slot.deviceId));
      }
      if (write.length === 0 && diff.extra.length === 0) {
        settle(context, slot, diff, accessLeft);
        return;
      }
      jobDevices.push({ key: slot.key, deviceId: slot.deviceId, write, remove: diff.extra, previous });
      planned.push(slot);
      plans.set(slot, { diff, write, accessLeft });
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
    {
      client: link.client,
      store: context.store,
      known: await context.index.forCapabilities(profile.capabilities),
      journal: context.journal,
      capabilities: profile.capabilities,
      tuning: context.tuning,
      signal: context.signal,
      onProgress: (key, done, total) => context.status.progress(key, done, total),
    },
    jobDevices,
  );

  await forEachLimited(planned, PLAN_CONCURRENCY, async (slot) => {
    const outcome = outcomes.get(slot.key);
    const slotLink = links.get(slot);
    if (!outcome || !slotLink) return;
    const name = context.deviceName(slot);
    for (const refused of outcome.refused) {
      slot.refused.set(refused.userId, refused.hash);
      context.events.add(consoleEvent(context.now(), 'sync.userRefused', 'error', `User ${refused.userId} refused by ${name}: ${refused.reason}`, slot.deviceId, refused.userId));
    }
    if (outcome.refused.length > 0) slot.failure = refusedSummary(outcome.refused.length, outcome.refused[0]);
    const counts = `${outcome.written} user(s) written, ${outcome.deleted} deleted`;
    if (outcome.failure) {
      context.events.add(consoleEvent(context.now(), 'sync.stopped', 'warning', `Sync of ${name} stopped after ${counts}: ${outcome.failure.message}`, slot.deviceId));
      slot.wantsSync ??= 'automatic';
      onFailure(context, slot, slotLink, 'sync', outcome.failure);
      return;
    }
    slot.attempts = 0;
    context.events.add(consoleEvent(context.now(), 'sync.finished', outcome.refused.length > 0 ? 'warning' : 'info', `Sync of ${name} finished: ${counts}`, slot.deviceId));
    const plan = plans.get(slot);
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
      }, plan.accessLeft);
      return;
    }
    if (slot.link !== slotLink || context.signal.aborted) return;
    try {
      const desired = await desiredFor(context, slot, profile);
      const { diff } = await cheapCheck({ client: slotLink.client, journal: context.journal, deviceId: slot.deviceId, desired });
      settle(context, slot, diff, (await checkDeviceAccess(context, slotLink, slot.deviceId)).words);
    } catch (error) {
      slot.wantsCheck ??= 'cheap';
      onFailure(context, slot, slotLink, 'check', failureOf(error, slot.deviceId));
    }
  });
}

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

/**
 * The journal's values for `ids` now, as a snapshot: the job updates the journal digest with
 * them, and the desired entries (which stand in for a journal known to equal them) may change
 * while it runs.
 */
function journalValues(journal: ReadonlyMap<string, string> | 'equals-desired', desired: DesiredEntries, ids: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  if (journal !== 'equals-desired' && journal.size === 0) return values;
  for (const id of ids) {
    const value = journal === 'equals-desired' ? desired.get(id)?.hash : journal.get(id);
    if (value !== undefined) values.set(id, value);
  }
  return values;
}

/** The device's access rules against the console's (cached tables; five small lists from the device). */
async function checkDeviceAccess(context: WorkContext, link: DeviceLink, deviceId: number): Promise<AccessCheck> {
  const [tables, placed] = await Promise.all([context.access.get(), readPlaced(context.store, deviceId)]);
  return checkAccess(link.client, deviceId, tables, placed);
}

/** What stays different once the writes are done: rules only on the device, never deleted by a sync. */
function onlyOnDeviceWords(diff: AccessDiff): string[] {
  return describeAccessDiff(leftAfterWriting(diff), () => undefined);
}

/** Shows the checked state; a converged device has no standing failure any more. */
function settle(context: WorkContext, slot: DeviceSlot, diff: UserDiff, accessDiffers: readonly string[]): string {
  if (isConverged(diff)) {
    slot.failure = null;
    slot.refused.clear();
  }
  const next = syncAfterCheck(diff, accessDiffers, context.now(), slot.failure);
  context.status.end(slot.key, next);
  return next.state;
}

/**
 * What a failure means for the device: a full device or refused records stand until the
 * operator acts (never an endless loop); a device that went away resumes when it is back; any
 * other failure is retried with backoff, a bounded number of times.
 */
function onFailure(context: WorkContext, slot: DeviceSlot, link: DeviceLink, what: 'sync' | 'check' | 'wipe', failure: DeviceFailure): void {
  const name = context.deviceName(slot);
  const now = context.now();
  if (context.signal.aborted) return;
  if (failure.kind === 'full' || failure.kind === 'refused') {
    standingFailure(context, slot, `${what === 'check' ? 'Check' : 'Sync'} failed: ${failure.message}`);
    return;
  }
  if (slot.link !== link) {
    // The device dropped meanwhile; the reconnect check picks the work up from the journal.
    context.events.add(consoleEvent(now, `${what}.interrupted`, 'warning', `${capitalized(what)} of ${name} interrupted (${failure.message}); it resumes when the device is back`, slot.deviceId));
    context.status.end(slot.key, { ...(context.status.get(slot.key) ?? UNKNOWN_SYNC), state: 'unknown', progress: null, message: `${what} interrupted; resumes when the device is back` });
    return;
  }
  slot.attempts += 1;
  if (slot.attempts >= context.tuning.maxAttempts) {
    standingFailure(context, slot, `${capitalized(what)} failed after ${slot.attempts} attempts: ${failure.message}`);
    return;
  }
  const delay = retryDelay(context, slot.attempts);
  slot.notBefore = now + delay;
  context.events.add(
    consoleEvent(now, `${what}.retry`, 'warning', `${capitalized(what)} of ${name} failed (${failure.message}); attempt ${slot.attempts + 1} of ${context.tuning.maxAttempts} in ${Math.round(delay / 1000)} s`, slot.deviceId),
  );
  context.status.end(slot.key, { ...(context.status.get(slot.key) ?? UNKNOWN_SYNC), state: 'out-of-sync', progress: null, message: `retrying: ${failure.message}` });
}

function standingFailure(context: WorkContext, slot: DeviceSlot, message: string): void {
  slot.failure = message;
  slot.wantsSync = null;
  slot.wantsWipe = false;
  slot.wantsCheck = null;
  context.events.add(consoleEvent(context.now(), 'sync.failed', 'error', `${context.deviceName(slot)}: ${message}`, slot.deviceId));
  context.status.end(slot.key, { ...(context.status.get(slot.key) ?? UNKNOWN_SYNC), state: 'error', progress: null, message });
}

function retryDelay(context: WorkContext, attempt: number): number {
  const { initialMs, maxMs, factor, jitter } = context.tuning.retry;
  const base = Math.min(maxMs, initialMs * factor ** (attempt - 1));
  return Math.round(base * (1 - jitter + 2 * jitter * context.random()));
}

function failureOf(error: unknown, deviceId: number): DeviceFailure {
  const carried = (error as { deviceFailure?: DeviceFailure } | null)?.deviceFailure;
  return carried ?? failuresOf(error, [deviceId]).get(deviceId) ?? { kind: 'transient', message: String(error) };
}

function refusedSummary(count: number, first: { userId: string; reason: string } | undefined): string {
  const example = first ? `: user ${first.userId} (${first.reason})` : '';
  return `${count} user(s) refused by the device${example}`;
}

function logCheck(context: WorkContext, slot: DeviceSlot, deep: boolean, result: CheckResult, accessDiffers: readonly string[], state: string): void {
  const { diff } = result;
  const what = deep ? 'Deep check' : 'Check';
  const reasons = [
    diff.missing.length && `${diff.missing.length} missing`,
    diff.outdated.length && `${diff.outdated.length} outdated`,
    diff.extra.length && `${diff.extra.length} to remove`,
    diff.onlyOnDevice.length && `${diff.onlyOnDevice.length} only on the device`,
    result.unreadable.length && `${result.unreadable.length} unreadable`,
    ...accessDiffers,
  ].filter(Boolean);
  const verdict = state === 'in-sync' ? 'in sync' : `${state === 'error' ? 'error' : 'out of sync'}: ${reasons.join(', ')}`;
  context.events.add(
    consoleEvent(context.now(), deep ? 'check.deep' : 'check.result', state === 'in-sync' ? 'info' : 'warning', `${what} of ${context.deviceName(slot)}: ${verdict} (${result.deviceUsers} users on the device)`, slot.deviceId),
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
