import { describeDeviceEvent } from '../../shared/domain/eventCatalog';
import type { CredentialKind, DeviceActionResult, LoggedEvent, RequestHandlers, RequestName, VirtualDevice } from '../../shared/ipc/contract';
import { emptyUserInfo, type UserInfo } from '../gsdk/messages';
import { freeSlot, presentedCard, presentedFace, presentedFingerprint } from '../sim/presentedCredentials';
import { SimError } from '../sim/simError';
import type { SimDevice, UserPatch, VirtualGateway } from '../sim/virtualGateway';

/** The contract's requests that act at a device of the built-in virtual site. */
export const VIRTUAL_SITE_REQUESTS = [
  'describeVirtualDevice',
  'enrollAtVirtualDevice',
  'editAtVirtualDevice',
  'deleteAtVirtualDevice',
  'setVirtualDeviceNetwork',
  'describeSiteTraffic',
  'startSiteTraffic',
  'stopSiteTraffic',
] as const satisfies readonly RequestName[];
export type VirtualSiteRequestName = (typeof VIRTUAL_SITE_REQUESTS)[number];

/** The request names a device that is not the virtual site's (or a console on a real gateway). */
export class NotVirtualSiteError extends Error {
  override readonly name = 'NotVirtualSiteError';
}

/**
 * The operator acting AT a virtual device, as a person at its keypad would (DESIGN.md §1): the
 * change goes straight into the simulated device, which logs it with `changedOnDevice`, and the
 * console then hears of it the way it hears of a real reader, through the gateway's event stream.
 * Nothing here touches the console's own state.
 *
 * The device is the judge of what it takes: a bad user ID, a user already (or not) there, a
 * credential its model cannot store or a full device come back as its refusal, in its words.
 * `site` is null when the console runs on a real gateway: every request then fails, saying so.
 */
export function virtualSiteHandlers(current: VirtualGateway | null | (() => VirtualGateway | null)): Pick<RequestHandlers, VirtualSiteRequestName> {
  // A getter, because the operator switches the virtual site off and on while the console runs.
  const virtualSite = (): VirtualGateway => {
    const site = typeof current === 'function' ? current() : current;
    if (site === null) {
      throw new NotVirtualSiteError('the built-in virtual site is not running (the console runs on real gateways): acting at a device is possible only on virtual devices');
    }
    return site;
  };
  const deviceOf = (deviceId: number): { site: VirtualGateway; device: SimDevice } => {
    const gateway = virtualSite();
    const device = gateway.device(deviceId);
    if (device === undefined) throw new NotVirtualSiteError(`device ${deviceId} is not a device of the virtual site`);
    return { site: gateway, device };
  };

  return {
    describeVirtualDevice: async ({ deviceId }) => describeDevice(deviceOf(deviceId).device),

    enrollAtVirtualDevice: async ({ deviceId, userId, name, credentials }) => {
      const { site, device } = deviceOf(deviceId);
      const presented = presentCredentials(credentials, { cards: 0, fingers: [], faces: [] });
      // Access rules are the console's to give: a person enrolled at a reader has none yet.
      const user: UserInfo = { ...emptyUserInfo(userId), name, cards: presented.cards, fingers: presented.fingers, faces: presented.faces };
      return actAt(device, () => site.enrollAtDevice(deviceId, user), { userId, added: credentials, cardNumber: presented.cardNumber });
    },

    editAtVirtualDevice: async ({ deviceId, userId, name, addCredentials }) => {
      const { site, device } = deviceOf(deviceId);
      // A user who is not there gets the device's own "not found" from the edit below.
      const current = device.user(userId);
      const presented = presentCredentials(addCredentials, {
        cards: current?.cards.length ?? 0,
        fingers: current?.fingers ?? [],
        faces: current?.faces ?? [],
      });
      const patch: UserPatch = {};
      if (name !== undefined) patch.name = name;
      if (presented.cards.length > 0) patch.cards = [...(current?.cards ?? []), ...presented.cards];
      if (presented.fingers.length > 0) patch.fingers = [...(current?.fingers ?? []), ...presented.fingers];
      if (presented.faces.length > 0) patch.faces = [...(current?.faces ?? []), ...presented.faces];
      return actAt(device, () => site.editAtDevice(deviceId, userId, patch), { userId, added: addCredentials, cardNumber: presented.cardNumber });
    },

    deleteAtVirtualDevice: async ({ deviceId, userId }) => {
      const { site, device } = deviceOf(deviceId);
      return actAt(device, () => site.deleteAtDevice(deviceId, userId), { userId, added: [], cardNumber: null });
    },

    setVirtualDeviceNetwork: async ({ deviceId, online }) => {
      const { site, device } = deviceOf(deviceId);
      return actAt(device, () => site.setNetwork(deviceId, online), { userId: null, added: [], cardNumber: null });
    },

    // The whole site at once: people badging and doors opening at every virtual device.
    describeSiteTraffic: async () => virtualSite().traffic.state(),
    startSiteTraffic: async (request) => virtualSite().traffic.start(request),
    stopSiteTraffic: async () => virtualSite().traffic.stop(),
  };
}

function describeDevice(device: SimDevice): VirtualDevice {
  const credentials: CredentialKind[] = [];
  if (device.model.cards) credentials.push('card');
  if (device.model.fingerprints) credentials.push('fingerprint');
  if (device.model.faces) credentials.push('face');
  return {
    deviceId: device.deviceID,
    name: device.name,
    model: device.model.name,
    online: device.online,
    userCount: device.userCount,
    capacity: device.capacity,
    credentials,
    userIdPolicy: device.userIdPolicy,
  };
}

interface PresentedCredentials {
  cards: UserInfo['cards'];
  fingers: UserInfo['fingers'];
  faces: UserInfo['faces'];
  /** The new card in hex; null when no card was presented. */
  cardNumber: string | null;
}

/** New credentials of the kinds named, numbered after those the user already has. */
function presentCredentials(kinds: readonly CredentialKind[], existing: { cards: number; fingers: UserInfo['fingers']; faces: UserInfo['faces'] }): PresentedCredentials {
  const presented: PresentedCredentials = { cards: [], fingers: [], faces: [], cardNumber: null };
  for (const kind of kinds) {
    if (kind === 'card') {
      const card = presentedCard();
      presented.cards.push(card);
      presented.cardNumber = card.data.toString('hex').toUpperCase();
    } else if (kind === 'fingerprint') {
      presented.fingers.push(presentedFingerprint(freeSlot(existing.fingers)));
    } else {
      presented.faces.push(presentedFace(freeSlot(existing.faces)));
    }
  }
  return presented;
}

type DoneFacts = Pick<Extract<DeviceActionResult, { outcome: 'done' }>, 'userId' | 'added' | 'cardNumber'>;

/**
 * Runs one action at the device and reports what it logged. Everything the device does here is
 * synchronous, so the events between the log's end before and after are this action's alone.
 */
function actAt(device: SimDevice, action: () => unknown, facts: DoneFacts): DeviceActionResult {
  const lastBefore = device.lastEventID;
  try {
    action();
  } catch (error) {
    if (error instanceof SimError) return { outcome: 'refused', deviceName: device.name, reason: refusalReason(error, device.deviceID) };
    throw error;
  }
  return { outcome: 'done', deviceName: device.name, ...facts, online: device.online, logged: loggedSince(device, lastBefore) };
}

/** The device's words without its "device 541530001:" prefix: the operator knows which device they are at. */
function refusalReason(error: SimError, deviceId: number): string {
  return error.message.replace(new RegExp(`^device ${deviceId}:\\s*`), '');
}

function loggedSince(device: SimDevice, lastBefore: number): LoggedEvent[] {
  let events;
  try {
    events = device.events(lastBefore + 1);
  } catch (error) {
    // A log switched to fail its reads (a fault of the control API) cannot be shown; the action happened all the same.
    if (error instanceof SimError) return [];
    throw error;
  }
  return events.map((event) => {
    const { words, level } = describeDeviceEvent(event);
    return { eventId: event.ID, words, level };
  });
}
