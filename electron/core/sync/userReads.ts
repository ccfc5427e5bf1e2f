import { deviceText } from '../../../shared/deviceText';
import { GatewayError, type GatewayClient, type UserInfo } from '../../gsdk';

/** A user whose record no answer could carry: alone, the answer did not decode or was over the size limit. */
export interface UnreadableAnswer {
  id: string;
  reason: string;
}

export interface UserReads {
  infos: UserInfo[];
  unreadable: UnreadableAnswer[];
}

/**
 * Beyond this many unreadable users in one read, it is the gateway that is broken, not a record:
 * the failure is the call's (retried with backoff) rather than asked again user by user.
 */
const MAX_UNREADABLE = 16;
const REASON_CHARS = 300;

/**
 * User.Get for `ids` (one call). An answer the client cannot take (GatewayError kind 'protocol':
 * it does not decode, or is larger than gRPC allows) is asked again in halves, so one garbled or
 * huge record costs only itself: alone, it is `unreadable` with the reason, and every other user
 * is read. Any other failure is the caller's.
 */
export async function getUsers(client: GatewayClient, deviceId: number, ids: readonly string[]): Promise<UserReads> {
  const reads: UserReads = { infos: [], unreadable: [] };
  const read = async (part: readonly string[]): Promise<void> => {
    try {
      reads.infos.push(...(await client.user.get(deviceId, [...part])));
    } catch (error) {
      if (!(error instanceof GatewayError) || error.kind !== 'protocol') throw error;
      const [only] = part;
      if (part.length === 1 && only !== undefined) {
        if (reads.unreadable.length >= MAX_UNREADABLE) throw error;
        reads.unreadable.push({ id: only, reason: deviceText(error.message, REASON_CHARS) });
        return;
      }
      const half = Math.ceil(part.length / 2);
      await read(part.slice(0, half));
      await read(part.slice(half));
    }
  };
  if (ids.length > 0) await read(ids);
  return reads;
}
