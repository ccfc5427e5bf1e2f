import type { DeviceCapabilities } from '../../../../shared/domain/deviceRecord';
import type { User } from '../../../../shared/domain/user';
import type { UserInfo } from '../../../gsdk';
import { DEVICE_MODELS, type ModelName } from '../../../sim/models';
import type { Store } from '../../store/store';
import { recordHash } from '../recordHash';
import { desiredRecord, fromUserInfo } from '../userInfoCodec';
import type { SiteControl } from './siteControl';
import type { SoakModel } from './soakModel';

/** A reader of the soak's fleet. */
export interface SoakDevice {
  deviceId: number;
  model: ModelName;
}

export function capabilitiesOf(model: ModelName): DeviceCapabilities {
  const { cards, fingerprints, faces } = DEVICE_MODELS[model];
  return { cards, fingerprints, faces };
}

/** The hash of what a reader of this model should hold for `user` (its projection), null when nothing. */
export function expectedHash(user: User, model: ModelName): string | null {
  const record = desiredRecord(user, capabilitiesOf(model));
  return record ? recordHash(record) : null;
}

/** The hash of what a reader holds, read as the console reads a device. */
export function heldHash(info: UserInfo): string {
  const reading = fromUserInfo(info);
  return reading.ok ? recordHash(reading.record) : `unreadable: ${reading.reason}`;
}

/**
 * How a reader's table differs from the model's master copy projected to its model: users missing,
 * held in another form, or held but not in the master copy (in this mode every user a reader holds
 * comes into the console, so none may stay only on the reader). Empty when the reader is right.
 */
export async function readerDifferences(site: SiteControl, device: SoakDevice, model: SoakModel): Promise<string[]> {
  const held = new Map<string, string>();
  for (const info of await site.deviceUsers(device.deviceId)) held.set(info.hdr.ID, heldHash(info));
  const problems: string[] = [];
  for (const user of model.allUsers()) {
    const wanted = expectedHash(user, device.model);
    const actual = held.get(user.id);
    if (wanted === null) {
      if (actual !== undefined) problems.push(`user ${user.id} should not be there`);
    } else if (actual === undefined) problems.push(`user ${user.id} missing`);
    else if (actual !== wanted) problems.push(`user ${user.id} differs`);
    held.delete(user.id);
  }
  for (const id of held.keys()) problems.push(`user ${id} is on the reader but not in the master copy`);
  return problems.map((problem) => `device ${device.deviceId}: ${problem}`);
}

/** How the console's database differs from the model: users missing, extra, or with other values. */
export async function masterCopyDifferences(store: Store, model: SoakModel): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for await (const users of store.users.scan()) {
    for (const stored of users) {
      seen.add(stored.id);
      const expected = model.user(stored.id);
      if (!expected) problems.push(`database: user ${stored.id} should not be there`);
      else if (masterText(stored, 'whole') !== masterText(expected, 'whole')) {
        problems.push(`database: user ${stored.id} is ${masterText(stored, 'short')}, expected ${masterText(expected, 'short')}`);
      }
    }
  }
  for (const user of model.allUsers()) if (!seen.has(user.id)) problems.push(`database: user ${user.id} missing`);
  return problems;
}

/**
 * A master-copy user as text in one fixed field order, without `updatedAt` (the console's clock,
 * which the model cannot know). `short` (for a report) gives templates, PIN and photo as length
 * and prefix rather than kilobytes of base64.
 */
function masterText(user: User, form: 'whole' | 'short'): string {
  const bytes = (text: string | null): string | null => (text === null || form === 'whole' ? text : `${text.length}:${text.slice(0, 12)}…`);
  return JSON.stringify([
    user.id,
    user.name,
    user.email,
    user.phone,
    user.department,
    user.title,
    user.periodStart,
    user.periodEnd,
    user.disabled,
    bytes(user.pinHash),
    bytes(user.photo),
    user.cards.map((card) => [card.type, card.data]),
    user.fingers.map((finger) => [finger.index, finger.flag, finger.templates.map(bytes)]),
    user.faces.map((face) => [face.index, face.flag, face.templates.map(bytes)]),
    user.accessGroupIds,
  ]);
}
