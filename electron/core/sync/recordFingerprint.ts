import { createHash } from 'node:crypto';
import type { DeviceUserRecord } from '../../../shared/domain/deviceRecord';

/**
 * A native digest of a record's exact content, about ten times cheaper than `recordHash` (pure
 * JavaScript, so that it runs everywhere). The engine keeps it beside each desired hash: a record
 * read again for writing whose fingerprint matches is the very record that hash was made from,
 * so the hash is reused; any difference at all and `recordHash` is computed afresh. Records from
 * `desiredRecord` always list their fields in the same order, which JSON keeps.
 */
export function recordFingerprint(record: DeviceUserRecord): string {
  return createHash('sha1').update(JSON.stringify(record)).digest('base64');
}
