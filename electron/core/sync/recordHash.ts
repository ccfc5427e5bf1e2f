import { createHash } from 'node:crypto';
import { normalizeRecord, type DeviceUserRecord } from '../../../shared/domain/deviceRecord';

/**
 * The journal's and the deep check's fingerprint of a record: SHA-1 of its canonical JSON
 * (normalizeRecord). Native, because the first check after a start hashes every user once per
 * device profile: 100,000 records of a few KB each. Not for secrets; a changed record (a
 * template byte, a reordered credential that is not a change) must hash differently (equal).
 */
export function recordHash(record: DeviceUserRecord): string {
  return createHash('sha1').update(JSON.stringify(normalizeRecord(record))).digest('base64');
}
