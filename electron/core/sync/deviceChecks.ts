import { recordHash } from './recordHash';
import type { GatewayClient, UserHdr } from '../../gsdk';
import { chunks } from './callPlan';
import { desiredDigest, type DesiredEntries } from './desiredIndex';
import { journalChange, type JournalBook } from './journalBook';
import { sameDigest } from './setDigest';
import { fromUserInfo, type DeviceRecordReading } from './userInfoCodec';
import { getUsers } from './userReads';
import { diffUsers, headersById, type UserDiff } from './userDiff';

export interface CheckTarget {
  client: GatewayClient;
  journal: JournalBook;
  deviceId: number;
  desired: DesiredEntries;
}

export interface UnreadableUser {
  userId: string;
  reason: string;
}

export interface CheckResult {
  diff: UserDiff;
  /** Users the device listed. */
  deviceUsers: number;
  /** Records the deep check could not read (oversized, malformed): counted as outdated. */
  unreadable: UnreadableUser[];
  /** The journal the diff was made with ('equals-desired': known from its digest, not read). */
  journal: ReadonlyMap<string, string> | 'equals-desired';
}

/** Journal value for a record a device holds but that could not be read: equals no hash. */
export const UNREADABLE_RECORD = 'unreadable';

/**
 * The reconnect check (DESIGN.md §4): the device's header list (IDs and credential counts)
 * against the journal and the desired state. Catches users deleted at the device and credentials
 * added or removed there; a template altered in place needs the deep check.
 */
export async function cheapCheck(target: CheckTarget, hdrs?: Promise<UserHdr[]>): Promise<CheckResult> {
  const headers = headersById(await (hdrs ?? target.client.user.getList(target.deviceId)));
  // Decided after the list arrived: the desired state may have moved while it travelled.
  const digest = target.journal.knownDigest(target.deviceId);
  const journal = digest && sameDigest(digest, desiredDigest(target.desired)) ? 'equals-desired' : await target.journal.read(target.deviceId);
  return { diff: diffUsers(target.desired, journal, headers), deviceUsers: headers.size, unreadable: [], journal };
}

/**
 * The deep check: every record the console cares about (wanted there, or placed there) is read
 * back in batches, hashed, and compared. What it finds is written to the journal, so the journal
 * keeps saying what the device really holds and later cheap checks stay honest: a template
 * altered at the device keeps the user outdated until a sync rewrites it. A record identical to
 * the desired one is adopted even if the journal did not know it (after a journal was cleared).
 * Users only on the device are not read: they are not the console's.
 */
export async function deepCheck(
  target: CheckTarget,
  batchSize: number,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<CheckResult> {
  const { client, deviceId, desired } = target;
  const [hdrs, storedJournal] = await Promise.all([client.user.getList(deviceId), target.journal.read(deviceId)]);
  const headers = headersById(hdrs);
  const journal = new Map(storedJournal);
  const ids = [...headers.keys()].filter((id) => desired.has(id) || journal.has(id));
  const corrections = new Map<string, string>();
  const unreadable: UnreadableUser[] = [];
  let done = 0;
  for (const batch of chunks(ids, batchSize)) {
    if (signal.aborted) throw new Error('the check was stopped');
    const asked = new Set(batch);
    const returned = new Set<string>();
    const take = (reading: DeviceRecordReading, listedId: string): void => {
      const id = reading.ok ? reading.record.id : listedId;
      // A device answering with users it was not asked for is not believed.
      if (!asked.has(id) || returned.has(id)) return;
      returned.add(id);
      const actual = reading.ok ? recordHash(reading.record) : UNREADABLE_RECORD;
      if (!reading.ok) unreadable.push({ userId: reading.id, reason: reading.reason });
      if (actual !== journal.get(id) && (journal.has(id) || desired.get(id)?.hash === actual)) corrections.set(id, actual);
    };
    const reads = await getUsers(client, deviceId, batch);
    for (const info of reads.infos) take(fromUserInfo(info), info.hdr.ID);
    // Records the gateway could not deliver (userReads.ts) are unreadable, as a bad record is.
    for (const { id, reason } of reads.unreadable) take({ ok: false, id, reason }, id);
    // Listed but not returned: deleted between the two calls.
    for (const id of batch) if (!returned.has(id)) headers.delete(id);
    done += batch.length;
    onProgress(done, ids.length);
  }
  if (corrections.size > 0) {
    await target.journal.record(deviceId, journalChange(corrections), storedJournal);
    for (const [id, hash] of corrections) journal.set(id, hash);
  }
  return { diff: diffUsers(desired, journal, headers), deviceUsers: headers.size, unreadable, journal };
}
