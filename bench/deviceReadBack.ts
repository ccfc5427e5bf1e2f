import type { GatewayClient } from '../electron/gsdk';
import type { Store } from '../electron/core/store/store';
import { chunks } from '../electron/core/sync/callPlan';
import { recordHash } from '../electron/core/sync/recordHash';
import { desiredRecord, fromUserInfo } from '../electron/core/sync/userInfoCodec';
import type { DeviceCapabilities } from '../shared/domain/deviceRecord';
import type { User } from '../shared/domain/user';

/** Users per User.Get when the devices are read back for the verification. */
const READ_BACK_BATCH = 500;

/** The master copy's users, all of them. */
export async function masterUsers(store: Store): Promise<User[]> {
  const users: User[] = [];
  for await (const batch of store.users.scan()) users.push(...batch);
  return users;
}

/**
 * Reads every device's whole user table back over gRPC and compares each record's hash with the
 * master copy's projection (as syncTestSupport's deviceDifferences does with the gateway in
 * process); throws on the first device that differs, with what the console shows for it (so the
 * message says whether the console knew or claimed a sync it had not made). `onlyOnDevice`
 * names users a device may hold beyond the master copy (known to be there alone). Returns the
 * users per device that match the master copy.
 */
export async function verifyDevices(
  client: GatewayClient,
  deviceIds: readonly number[],
  users: readonly User[],
  capabilities: DeviceCapabilities,
  shown: (deviceId: number) => string,
  onlyOnDevice: (deviceId: number) => ReadonlySet<string> = () => new Set(),
): Promise<number> {
  const wanted = new Map<string, string>();
  for (const user of users) {
    const record = desiredRecord(user, capabilities);
    if (record) wanted.set(user.id, recordHash(record));
  }
  for (const deviceId of deviceIds) {
    const allowed = onlyOnDevice(deviceId);
    const ids = (await client.user.getList(deviceId)).map((header) => header.ID).filter((id) => !allowed.has(id));
    const problems: string[] = [];
    if (ids.length !== wanted.size) problems.push(`holds ${ids.length} users${allowed.size > 0 ? ` besides ${allowed.size} known to be there alone` : ''}, the master copy ${wanted.size}`);
    for (const batch of chunks(ids, READ_BACK_BATCH)) {
      for (const info of await client.user.get(deviceId, batch)) {
        const reading = fromUserInfo(info);
        const expected = wanted.get(info.hdr.ID);
        if (!reading.ok) problems.push(`user ${info.hdr.ID} unreadable: ${reading.reason}`);
        else if (expected === undefined) problems.push(`user ${info.hdr.ID} should not be there`);
        else if (recordHash(reading.record) !== expected) problems.push(`user ${info.hdr.ID} differs`);
      }
    }
    if (problems.length > 0) {
      const listed = `${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (${problems.length} in all)` : ''}`;
      throw new Error(`device ${deviceId} did not converge: ${listed}; the console shows ${shown(deviceId)}`);
    }
  }
  return wanted.size;
}
