import { cheapCheck, deepCheck, type CheckResult } from './deviceChecks';
import type { DeviceSlot } from './deviceSlot';
import { consoleEvent } from './syncEvents';
import { checkDeviceAccess, desiredWithPlacement, ensureProfile, failureOf, forgetChangesAtDevice, onFailure, settle, type WorkContext } from './workContext';

/** Cheap (headers) or deep (full records) check of one device; sets its sync state. */
export async function runCheck(context: WorkContext, slot: DeviceSlot, deep: boolean): Promise<void> {
  const link = slot.link;
  if (!link) return;
  const previous = context.status.get(slot.key)?.state;
  try {
    // The header list is the long part of a cheap check; ask for it while the rest is gathered.
    const hdrs = deep ? undefined : link.client.user.getList(slot.deviceId);
    hdrs?.catch(() => undefined); // awaited below; a failure then is handled there
    const accessCheck = checkDeviceAccess(context, slot, link);
    accessCheck.catch(() => undefined);
    const profile = await ensureProfile(slot, link);
    const { desired, placement } = await desiredWithPlacement(context, slot, profile);
    await forgetChangesAtDevice(context, slot);
    if (deep) context.status.begin(slot.key, 'checking', desired.size);
    else context.status.set(slot.key, (sync) => ({ ...sync, state: 'checking' }));
    const target = { client: link.client, journal: context.journal, deviceId: slot.deviceId, desired };
    const result = deep
      ? await deepCheck(target, context.tuning.readBatchUsers, context.signal, (done, total) => context.status.progress(slot.key, done, total))
      : await cheapCheck(target, hdrs);
    const access = await accessCheck;
    if (deep) slot.lastDeepCheckAt = context.now();
    slot.attempts = 0;
    const state = settle(context, slot, result.diff, access.words, placement);
    if (deep || (state !== previous && previous !== 'checking' && previous !== 'syncing')) logCheck(context, slot, deep, result, access.words, state);
    context.onChecked(slot, result);
  } catch (error) {
    if (deep) slot.wantsCheck = 'deep';
    else slot.wantsCheck ??= 'cheap';
    onFailure(context, slot, link, 'check', failureOf(error, slot.deviceId));
  }
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
  logUnreadable(context, slot, result.unreadable);
}

/** Unreadable records named one by one, up to this many per check; the rest are counted. */
const UNREADABLE_NAMED = 20;

/** Each record the device holds for a console user that cannot be read, and why (the sync then writes the console's). */
function logUnreadable(context: WorkContext, slot: DeviceSlot, unreadable: CheckResult['unreadable']): void {
  const name = context.deviceName(slot);
  for (const { userId, reason } of unreadable.slice(0, UNREADABLE_NAMED)) {
    context.events.add(consoleEvent(context.now(), 'check.unreadable', 'warning', `Deep check of ${name}: user ${userId}: the device's record cannot be read: ${reason}`, slot.deviceId, userId));
  }
  const more = unreadable.length - UNREADABLE_NAMED;
  if (more > 0) context.events.add(consoleEvent(context.now(), 'check.unreadable', 'warning', `Deep check of ${name}: ${more} more records cannot be read`, slot.deviceId));
}
