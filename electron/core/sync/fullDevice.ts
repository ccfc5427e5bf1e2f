import { cheapCheck } from './deviceChecks';
import type { DeviceFailure } from './deviceFailure';
import type { DeviceProfile } from './deviceProfile';
import type { DeviceLink, DeviceSlot } from './deviceSlot';
import { journalValues } from './journalBook';
import { runSyncJob, type RefusedRecord } from './syncJob';
import type { UserDiff } from './userDiff';
import { desiredFor, syncJobContext, type WorkContext } from './workContext';

/** User IDs named in the operator's line; the rest are counted. */
const NAMED_USERS = 20;

export interface FitOutcome {
  /** Users written by the fill. */
  written: number;
  refused: RefusedRecord[];
  /** What stands afterwards: the device full with the users that did not fit named, another failure, or none. */
  failure: DeviceFailure | null;
  /** The device's diff after the fill (null when it could not be read). */
  diff: UserDiff | null;
}

/**
 * A device that answered "full" (RESOURCE_EXHAUSTED) refuses a whole batch even when part of it
 * would fit. Reads how many users it holds against its capacity, writes the users it still has
 * room for (and every outdated one, which takes no room), and names the users that did not fit,
 * so the operator knows who cannot open that door. One header read, at most one more job; no
 * retry loop: what does not fit stands as the device's error until the operator acts.
 */
export async function fillWhatFits(context: WorkContext, slot: DeviceSlot, link: DeviceLink, profile: DeviceProfile, full: DeviceFailure): Promise<FitOutcome> {
  const unchanged: FitOutcome = { written: 0, refused: [], failure: full, diff: null };
  if (slot.link !== link || context.signal.aborted) return unchanged;
  try {
    const desired = await desiredFor(context, slot, profile);
    const target = { client: link.client, journal: context.journal, deviceId: slot.deviceId, desired };
    const before = await cheapCheck(target);
    const room = profile.maxUsers > 0 ? Math.max(0, profile.maxUsers - before.deviceUsers) : 0;
    // Records the device refused before are not sent again by an automatic sync (syncRound.ts).
    const sendable = (id: string): boolean => slot.refused.get(id) !== desired.get(id)?.hash;
    const write = [...before.diff.outdated.filter(sendable), ...before.diff.missing.filter(sendable).slice(0, room)];
    let written = 0;
    let refused: RefusedRecord[] = [];
    let after = before;
    if (write.length > 0) {
      const outcomes = await runSyncJob(
        syncJobContext(context, link, profile),
        [{ key: slot.key, deviceId: slot.deviceId, write, remove: [], previous: journalValues(before.journal, desired, write) }],
      );
      const outcome = outcomes.get(slot.key);
      written = outcome?.written ?? 0;
      refused = outcome?.refused ?? [];
      if (outcome?.failure && outcome.failure.kind !== 'full') return { written, refused, failure: outcome.failure, diff: null };
      if (slot.link !== link || context.signal.aborted) return { ...unchanged, written, refused };
      after = await cheapCheck(target);
    }
    const refusedNow = new Set(refused.map((refusal) => refusal.userId));
    const left = after.diff.missing.filter((id) => sendable(id) && !refusedNow.has(id));
    if (left.length === 0) return { written, refused, failure: null, diff: after.diff };
    return { written, refused, failure: { kind: 'full', message: didNotFit(left, after.deviceUsers, profile.maxUsers) }, diff: after.diff };
  } catch {
    // The device could not be read or written now: the full answer stands as it came.
    return unchanged;
  }
}

function didNotFit(left: readonly string[], held: number, capacity: number): string {
  const named = left.slice(0, NAMED_USERS).join(', ');
  const more = left.length > NAMED_USERS ? ` and ${left.length - NAMED_USERS} more` : '';
  const room = capacity > 0 ? ` (${held} of ${capacity} users)` : '';
  return `the device is full${room}; ${left.length} user(s) did not fit: ${named}${more}`;
}
