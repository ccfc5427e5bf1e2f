import { UNKNOWN_SYNC, type DevicePlacement } from '../../../shared/devices';
import type { SyncMode } from '../../../shared/domain/syncMode';
import type { Store } from '../store/store';
import { checkAccess, readPlaced, unreadableAccess, type AccessCheck, type AccessTablesCache } from './accessSync';
import type { CheckResult } from './deviceChecks';
import { failuresOf, type DeviceFailure } from './deviceFailure';
import { profileFromCapability, type DeviceProfile } from './deviceProfile';
import type { DeviceLink, DeviceSlot } from './deviceSlot';
import type { DesiredEntries, DesiredIndex } from './desiredIndex';
import type { EventCursors } from './eventCursors';
import { journalChange, type JournalBook } from './journalBook';
import { placementSummary } from './placementSummary';
import { consoleEvent, type EventWriter } from './syncEvents';
import type { SyncJobContext } from './syncJob';
import { syncAfterCheck, type SyncStatusWriter } from './syncStatus';
import type { SyncTuning } from './syncTuning';
import { isConverged, type UserDiff } from './userDiff';
import { routedEntries, type UserRouting } from './userRouting';

/*
 * What every piece of device work (checks, sync rounds, wipes) shares: its context, the desired
 * state of a device, the state shown when work ends, and what a failure means.
 */

/** What every piece of device work needs; built once by the engine. */
export interface WorkContext {
  store: Store;
  journal: JournalBook;
  /** Where each device's event log was handled up to (the reconnect catch-up reads on from there). */
  cursors: EventCursors;
  access: AccessTablesCache;
  index: DesiredIndex;
  routing: UserRouting;
  /** The mode whose routing `routing` is; the engine swaps both together. */
  mode: SyncMode;
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

/** The device's model, read once per connection (Device.GetCapability). */
export async function ensureProfile(slot: DeviceSlot, link: DeviceLink): Promise<DeviceProfile> {
  if (slot.profile && slot.link === link) return slot.profile;
  const profile = profileFromCapability(await link.client.device.getCapability(slot.deviceId));
  if (slot.link === link) {
    slot.profile = profile;
    slot.lastKnownProfile = profile;
  }
  return profile;
}

export async function desiredFor(context: WorkContext, slot: DeviceSlot, profile: DeviceProfile, routing: UserRouting = context.routing): Promise<DesiredEntries> {
  const [entries, routed] = await Promise.all([context.index.forCapabilities(profile.capabilities), routing.desiredUserIds(slot.gatewayId, slot.deviceId)]);
  return routedEntries(entries, routed);
}

/** The desired state of a device and the placement it shows (which mode put those users there, through which doors). */
export async function desiredWithPlacement(context: WorkContext, slot: DeviceSlot, profile: DeviceProfile): Promise<{ desired: DesiredEntries; placement: DevicePlacement }> {
  // Mode and routing are read once: a switch while this runs cannot pair one mode with the other's users.
  const { mode, routing } = context;
  const desired = await desiredFor(context, slot, profile, routing);
  return { desired, placement: await placementSummary(mode, routing, slot.gatewayId, slot.deviceId, desired) };
}

/**
 * A user changed at the device is no longer what the console confirmed writing: its journal
 * entry goes, so the check sees the user as outdated (or missing) even when its header counts
 * did not move, and the next sync writes the console's record again.
 */
export async function forgetChangesAtDevice(context: WorkContext, slot: DeviceSlot): Promise<void> {
  if (slot.changedAtDevice.size === 0) return;
  const ids = [...slot.changedAtDevice];
  const eventIds = slot.changeEventIds.splice(0);
  slot.changedAtDevice.clear();
  try {
    await context.journal.record(slot.deviceId, journalChange(new Map(), ids), null);
  } catch (error) {
    for (const id of ids) slot.changedAtDevice.add(id);
    slot.changeEventIds.push(...eventIds);
    throw error;
  }
  // Only now are the events that said so handled: a restart before this reads them again.
  context.cursors.handled(slot.deviceId, eventIds);
}

/** How long a device's access check stays good enough for a sync round on the same connection. */
const ACCESS_CHECK_REUSE_MS = 60_000;

/**
 * The device's access rules against the console's (cached tables; five small lists from the
 * device). `reuse`: a check made on this connection, against the same tables, within the last
 * minute will do (a sync round right after the checks of 50 devices need not read 250 lists
 * again); access rules change at a device only through the console.
 */
export async function checkDeviceAccess(context: WorkContext, slot: DeviceSlot, link: DeviceLink, reuse = false): Promise<AccessCheck> {
  const tablesVersion = context.access.version;
  const last = slot.lastAccessCheck;
  if (reuse && last && last.session === link.session && last.tablesVersion === tablesVersion && context.now() - last.at < ACCESS_CHECK_REUSE_MS) {
    return last.check;
  }
  const [tables, placed] = await Promise.all([context.access.get(), readPlaced(context.store, slot.deviceId)]);
  let check: AccessCheck;
  try {
    check = await checkAccess(link.client, slot.deviceId, tables, placed);
  } catch (error) {
    // A device that cannot list some access rules (a model without zones, an older gateway)
    // must not keep its users from being checked and synced: the state says what is unknown.
    const failure = failureOf(error, slot.deviceId);
    if (failure.kind === 'unreachable') throw error;
    return unreadableAccess(failure.message);
  }
  if (slot.link === link) slot.lastAccessCheck = { session: link.session, tablesVersion, at: context.now(), check };
  return check;
}

/**
 * Shows the checked state; a converged device has no standing failure any more. `placement`:
 * worked out with this diff's desired state (undefined keeps the one shown).
 */
export function settle(context: WorkContext, slot: DeviceSlot, diff: UserDiff, accessDiffers: readonly string[], placement?: DevicePlacement): string {
  if (isConverged(diff)) {
    slot.failure = null;
    slot.refused.clear();
  }
  const next = syncAfterCheck(diff, accessDiffers, context.now(), slot.failure, placement ?? context.status.get(slot.key)?.placement ?? null);
  context.status.end(slot.key, next);
  return next.state;
}

/**
 * What a failure means for the device: a full device or refused records stand until the
 * operator acts (never an endless loop); a device that went away resumes when it is back; any
 * other failure is retried with backoff, a bounded number of times.
 */
export function onFailure(context: WorkContext, slot: DeviceSlot, link: DeviceLink, what: 'sync' | 'check' | 'wipe' | 'pull', failure: DeviceFailure): void {
  const name = context.deviceName(slot);
  const now = context.now();
  if (context.signal.aborted) return;
  if (failure.kind === 'full' || failure.kind === 'refused') {
    standingFailure(context, slot, `${what === 'sync' || what === 'wipe' ? 'Sync' : capitalized(what)} failed: ${failure.message}`);
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
  // Pending pulls stay (their events are not handled, so a restart reads them again) but are not
  // tried again by themselves: a new change at the device, a reconnect or the operator does.
  slot.wantsPull = false;
  context.events.add(consoleEvent(context.now(), 'sync.failed', 'error', `${context.deviceName(slot)}: ${message}`, slot.deviceId));
  context.status.end(slot.key, { ...(context.status.get(slot.key) ?? UNKNOWN_SYNC), state: 'error', progress: null, message });
}

function retryDelay(context: WorkContext, attempt: number): number {
  const { initialMs, maxMs, factor, jitter } = context.tuning.retry;
  const base = Math.min(maxMs, initialMs * factor ** (attempt - 1));
  return Math.round(base * (1 - jitter + 2 * jitter * context.random()));
}

export function failureOf(error: unknown, deviceId: number): DeviceFailure {
  const carried = (error as { deviceFailure?: DeviceFailure } | null)?.deviceFailure;
  return carried ?? failuresOf(error, [deviceId]).get(deviceId) ?? { kind: 'transient', message: String(error) };
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a sync job needs to write to the devices of one profile behind `link`'s gateway. */
export function syncJobContext(context: WorkContext, link: DeviceLink, profile: DeviceProfile): SyncJobContext {
  return {
    client: link.client,
    store: context.store,
    journal: context.journal,
    capabilities: profile.capabilities,
    tuning: context.tuning,
    signal: context.signal,
    onProgress: (key, done, total) => context.status.progress(key, done, total),
  };
}
