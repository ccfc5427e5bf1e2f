import type { UserHdr } from '../../gsdk';
import type { DesiredEntries } from './desiredIndex';

/** A user as the device's header list shows it: present, with these credential counts. */
export type HeaderCounts = Pick<UserHdr, 'numOfCard' | 'numOfFinger' | 'numOfFace'>;

export type DeviceHeaders = ReadonlyMap<string, HeaderCounts>;

/**
 * The header list of User.GetList by ID (the decoded headers themselves: 100,000 of them should
 * not be copied). A device listing an ID twice keeps the last.
 */
export function headersById(hdrs: readonly UserHdr[]): Map<string, HeaderCounts> {
  const headers = new Map<string, HeaderCounts>();
  for (const hdr of hdrs) headers.set(hdr.ID, hdr);
  return headers;
}

/**
 * Where one device stands against what the console wants there (DESIGN.md §4):
 * - missing: wanted, not on the device (also when the journal says it was written: a user
 *   deleted at the device behind the console's back);
 * - outdated: wanted and on the device, but the journal holds another hash (an older record, or
 *   none: the console never confirmed writing it), or the header counts differ from the record;
 * - extra: placed by the console (journaled), no longer wanted, still on the device;
 * - onlyOnDevice: on the device, never placed by the console and not wanted; never deleted
 *   automatically ("New user" in Manage users);
 * - forget: journaled, not wanted and no longer on the device: only the journal entry goes.
 */
export interface UserDiff {
  missing: string[];
  outdated: string[];
  extra: string[];
  onlyOnDevice: string[];
  forget: string[];
}

/**
 * `journal` may be 'equals-desired' when the caller knows the journal holds exactly the desired
 * pairs (JournalBook's digest), which spares reading it; the device's headers are compared all
 * the same.
 */
export function diffUsers(desired: DesiredEntries, journal: ReadonlyMap<string, string> | 'equals-desired', device: DeviceHeaders): UserDiff {
  const diff: UserDiff = { missing: [], outdated: [], extra: [], onlyOnDevice: [], forget: [] };
  const journalOf = journal === 'equals-desired' ? null : journal;
  for (const [id, entry] of desired) {
    const header = device.get(id);
    if (!header) diff.missing.push(id);
    else if (
      (journalOf !== null && journalOf.get(id) !== entry.hash) ||
      header.numOfCard !== entry.cards ||
      header.numOfFinger !== entry.fingers ||
      header.numOfFace !== entry.faces
    ) {
      diff.outdated.push(id);
    }
  }
  if (journalOf !== null) {
    for (const id of journalOf.keys()) {
      if (desired.has(id)) continue;
      if (device.has(id)) diff.extra.push(id);
      else diff.forget.push(id);
    }
  }
  for (const id of device.keys()) {
    if (!desired.has(id) && !journalOf?.has(id)) diff.onlyOnDevice.push(id);
  }
  return diff;
}

/** Nothing to write or delete: the journal equals the desired state and the device agrees. */
export function isConverged(diff: UserDiff): boolean {
  return diff.missing.length === 0 && diff.outdated.length === 0 && diff.extra.length === 0;
}
