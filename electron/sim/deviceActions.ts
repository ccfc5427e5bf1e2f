import { AccessDeniedSubCode, AuthSubCode, EventCode } from '../gsdk/messages';
import { emptyUserInfo, type EventLog, type UserInfo } from '../gsdk/messages';
import type { SimDevice } from './simDevice';

export type PresentedCredential =
  | { credential: 'card'; cardData: Buffer }
  | { credential: 'finger' | 'face'; userId: string };

/**
 * Someone presents a card, finger or face at the device: it logs what a real reader would
 * (success, unknown credential, or access denied for a user without access groups), also while
 * offline. Matching is by card bytes, or by naming the user whose finger/face it is.
 */
export function presentCredential(device: SimDevice, presented: PresentedCredential): EventLog {
  if (presented.credential === 'card') {
    const owner = device.users().find((user) => user.cards.some((card) => card.data.equals(presented.cardData)));
    if (!owner) return device.logEvent({ eventCode: EventCode.AUTH_FAILED, subCode: AuthSubCode.CREDENTIAL_CARD });
    return granted(device, owner, EventCode.VERIFY_SUCCESS, AuthSubCode.VERIFY_CARD);
  }
  const isFinger = presented.credential === 'finger';
  const user = device.user(presented.userId);
  const enrolled = user && (isFinger ? user.fingers.length > 0 : user.faces.length > 0);
  if (!user || !enrolled) {
    return device.logEvent({
      eventCode: EventCode.IDENTIFY_FAIL,
      subCode: isFinger ? AuthSubCode.IDENTIFY_FINGER : AuthSubCode.IDENTIFY_FACE,
    });
  }
  return granted(device, user, EventCode.IDENTIFY_SUCCESS, isFinger ? AuthSubCode.IDENTIFY_FINGER : AuthSubCode.IDENTIFY_FACE);
}

/** A user without access groups is turned away; the others get `eventCode`. */
function granted(device: SimDevice, user: UserInfo, eventCode: number, subCode: number): EventLog {
  if (user.accessGroupIDs.length === 0) {
    return device.logEvent({ eventCode: EventCode.ACCESS_DENIED, subCode: AccessDeniedSubCode.ACCESS_GROUP, userID: user.hdr.ID });
  }
  return device.logEvent({ eventCode, subCode, userID: user.hdr.ID });
}

const FILL_ID_BASE = 1_000_000_000;

/**
 * Fills the device's storage with placeholder users (IDs from 1000000000 up, no credentials) as
 * if they had always been there: no events, as this is a test fixture, not an operator action.
 * Returns how many were added; default count = whatever room is left.
 */
export function fillStorage(device: SimDevice, count = device.capacity - device.userCount): number {
  const wanted = Math.max(0, Math.min(count, device.capacity - device.userCount));
  const users: UserInfo[] = [];
  for (let n = 0; users.length < wanted; n++) {
    const id = String(FILL_ID_BASE + n);
    if (device.user(id)) continue;
    users.push({ ...emptyUserInfo(id), name: `Filler ${n + 1}` });
  }
  device.preload(users);
  return users.length;
}
