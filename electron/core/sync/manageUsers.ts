import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import { type DeviceCapabilities, type DeviceUserRecord } from '../../../shared/domain/deviceRecord';
import { recordHash } from './recordHash';
import { mergeDeviceUser } from '../../../shared/domain/merge';
import type { User } from '../../../shared/domain/user';
import { deviceText } from '../../../shared/deviceText';
import type { DeviceUserComparison } from '../../../shared/ipc/contract';
import type { GatewayClient } from '../../gsdk';
import type { Store } from '../store/store';
import { chunks } from './callPlan';
import type { DesiredEntries } from './desiredIndex';
import { deleteOnDevices } from './deviceFailure';
import { journalChange, type JournalBook } from './journalBook';
import { consoleEvent } from './syncEvents';
import { getUsers } from './userReads';
import { desiredRecord, fromUserInfo, userFromRecord, type DeviceRecordReading } from './userInfoCodec';

/** One device, as "Manage users in device" works on it. */
export interface ManagedDevice {
  client: GatewayClient;
  store: Store;
  journal: JournalBook;
  deviceId: number;
  deviceName: string;
  capabilities: DeviceCapabilities;
  desired: DesiredEntries;
  /** Users per User.Get call. */
  readBatch: number;
  now: () => number;
}

/**
 * Reads users from the device in batches; IDs it does not hold are simply absent. A user whose
 * answer the gateway could not deliver (userReads.ts) is a reading that says why.
 */
export async function readDeviceUsers(device: Pick<ManagedDevice, 'client' | 'deviceId' | 'readBatch'>, ids: readonly string[]): Promise<Map<string, DeviceRecordReading>> {
  const readings = new Map<string, DeviceRecordReading>();
  const asked = new Set(ids);
  for (const batch of chunks(ids, device.readBatch)) {
    const { infos, unreadable } = await getUsers(device.client, device.deviceId, batch);
    for (const info of infos) {
      const reading = fromUserInfo(info);
      const id = reading.ok ? reading.record.id : info.hdr.ID;
      if (asked.has(id)) readings.set(id, reading);
    }
    for (const { id, reason } of unreadable) readings.set(id, { ok: false, id, reason });
  }
  return readings;
}

export async function consoleUsers(store: Store, ids: readonly string[]): Promise<Map<string, User>> {
  const found = new Map<string, User>();
  for (const batch of chunks(ids, 2_000)) {
    const users = await store.users.get(batch);
    for (const user of users) if (user) found.set(user.id, user);
  }
  return found;
}

/**
 * The device's users beside the console's: same (identical record), different (both have the
 * user, the records differ, or the console has the user disabled), new (only on the device),
 * missing (the console wants it there, the device lacks it).
 */
export async function compareDeviceUsers(device: ManagedDevice): Promise<DeviceUserComparison[]> {
  const onDevice = (await device.client.user.getList(device.deviceId)).map((hdr) => hdr.ID);
  const onDeviceSet = new Set(onDevice);
  const readings = await readDeviceUsers(device, onDevice);
  const missingIds = [...device.desired.keys()].filter((id) => !onDeviceSet.has(id));
  const known = await consoleUsers(device.store, [...onDevice, ...missingIds]);
  const rows: DeviceUserComparison[] = [];
  for (const id of onDevice) {
    const reading = readings.get(id);
    if (!reading) continue; // deleted between the list and the read
    const user = known.get(id);
    const shownId = reading.ok ? id : reading.id;
    if (!user) {
      rows.push({ userId: shownId, name: reading.ok ? deviceText(reading.record.name, 48) : '', status: 'new' });
      continue;
    }
    const same = reading.ok && device.desired.get(id)?.hash === recordHash(reading.record);
    rows.push({ userId: id, name: user.name, status: same ? 'same' : 'different' });
  }
  for (const id of missingIds) rows.push({ userId: id, name: known.get(id)?.name ?? '', status: 'missing' });
  return rows;
}

export interface UploadResult {
  stored: string[];
  refused: { id: string; reason: string }[];
  events: ConsoleEvent[];
}

/**
 * "Upload to console": pulls the users from the device and merges them into the master copy
 * (shared/domain/merge.ts: new users whole; for known users only vacant fields and missing
 * credentials). The database may refuse a record (its card is another user's): that user is
 * reported with the reason and logged as "Fail to save to the server DB"; it stays on the device.
 * A merged user that now projects to exactly what the device holds is noted in the journal, so
 * the device does not need it written again.
 */
export async function uploadDeviceUsers(device: ManagedDevice, userIds: readonly string[]): Promise<UploadResult> {
  const ids = [...new Set(userIds)];
  const readings = await readDeviceUsers(device, ids);
  const existing = await consoleUsers(device.store, ids);
  const now = device.now();
  const refused: UploadResult['refused'] = [];
  const merged: { user: User; deviceRecord: DeviceUserRecord; taken: string[] }[] = [];
  const unchanged: string[] = [];
  for (const id of ids) {
    const reading = readings.get(id);
    if (!reading) {
      refused.push({ id, reason: 'the device does not hold this user' });
      continue;
    }
    if (!reading.ok) {
      refused.push({ id, reason: `the device's record cannot be read: ${reading.reason}` });
      continue;
    }
    const result = mergeDeviceUser(existing.get(id), userFromRecord(reading.record, now), now);
    if (result.changed) merged.push({ user: result.user, deviceRecord: reading.record, taken: result.taken });
    else unchanged.push(id);
  }
  const put = merged.length > 0 ? await device.store.users.put(merged.map((entry) => entry.user)) : { stored: [], refused: [] };
  for (const { id, problems } of put.refused) {
    refused.push({ id, reason: problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') || 'refused by the database' });
  }

  const storedSet = new Set(put.stored);
  const adopted = new Map<string, string>();
  const events: ConsoleEvent[] = [];
  for (const { user, deviceRecord, taken } of merged) {
    if (!storedSet.has(user.id)) continue;
    const wanted = desiredRecord(user, device.capabilities);
    const held = recordHash(deviceRecord);
    if (wanted && recordHash(wanted) === held) adopted.set(user.id, held);
    events.push(
      consoleEvent(now, 'user.uploaded', 'info', `User ${user.id} uploaded from ${device.deviceName} (${taken.join(', ')})`, device.deviceId, user.id),
    );
  }
  // The previous journal values are not at hand here; the digest is re-read at the next check.
  if (adopted.size > 0) await device.journal.record(device.deviceId, journalChange(adopted), null);
  for (const { id, reason } of refused) {
    events.push(consoleEvent(now, 'user.saveFailed', 'error', `Fail to save to the server DB: user ${id} from ${device.deviceName}: ${reason}`, device.deviceId, id));
  }
  return { stored: [...put.stored, ...unchanged], refused, events };
}

/**
 * "Delete from device": removes the users from the device only; the master copy is untouched.
 * Their journal entries go too, so a user the console still wants shows as missing.
 */
export async function deleteDeviceUsers(device: ManagedDevice, userIds: readonly string[]): Promise<ConsoleEvent[]> {
  const ids = [...new Set(userIds)];
  for (const batch of chunks(ids, 1_000)) {
    const failure = (await deleteOnDevices(device.client, [device.deviceId], batch)).get(device.deviceId);
    if (failure) throw new Error(`${device.deviceName}: ${failure.message}`);
    await device.journal.record(device.deviceId, journalChange(new Map(), batch), null);
  }
  const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? ', ...' : '');
  return [consoleEvent(device.now(), 'user.deletedFromDevice', 'info', `${ids.length} user(s) deleted from ${device.deviceName}: ${shown}`, device.deviceId, ids.length === 1 ? (ids[0] ?? null) : null)];
}
