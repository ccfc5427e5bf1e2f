import type { User } from './user';

/** What a device model can store, from its capability. */
export interface DeviceCapabilities {
  cards: boolean;
  fingerprints: boolean;
  faces: boolean;
}

/**
 * A user as one device holds it: the master record projected to what that device can store,
 * in a fixed shape and order so that equal records hash equal. The console writes these and
 * the deep check reads them back; both sides are compared only through their hash
 * (electron/core/sync/recordHash.ts).
 */
export interface DeviceUserRecord {
  id: string;
  name: string;
  /** Unix seconds; 0 = no limit (G-SDK's convention). */
  startTime: number;
  endTime: number;
  /** base64; '' = none. */
  pin: string;
  photo: string;
  cards: { type: number; data: string }[];
  fingers: { index: number; flag: number; templates: string[] }[];
  faces: { index: number; flag: number; templates: string[] }[];
  accessGroupIds: number[];
}

/**
 * The record a device should hold for `user`, or null when the user belongs on no device
 * (disabled users are taken off devices: that is what stops them at the door).
 */
export function projectUser(user: User, capabilities: DeviceCapabilities): DeviceUserRecord | null {
  if (user.disabled) return null;
  return normalizeRecord({
    id: user.id,
    name: user.name,
    startTime: user.periodStart ?? 0,
    endTime: user.periodEnd ?? 0,
    pin: user.pinHash ?? '',
    photo: user.photo ?? '',
    cards: capabilities.cards ? user.cards.map(({ type, data }) => ({ type, data })) : [],
    fingers: capabilities.fingerprints ? user.fingers.map(({ index, flag, templates }) => ({ index, flag, templates: [...templates] })) : [],
    faces: capabilities.faces ? user.faces.map(({ index, flag, templates }) => ({ index, flag, templates: [...templates] })) : [],
    accessGroupIds: [...user.accessGroupIds],
  });
}

/** Puts a record in canonical order: credentials by index/key, groups ascending. */
export function normalizeRecord(record: DeviceUserRecord): DeviceUserRecord {
  return {
    id: record.id,
    name: record.name,
    startTime: record.startTime,
    endTime: record.endTime,
    pin: record.pin,
    photo: record.photo,
    cards: [...record.cards].sort((a, b) => a.type - b.type || compare(a.data, b.data)).map(({ type, data }) => ({ type, data })),
    fingers: [...record.fingers].sort((a, b) => a.index - b.index).map(({ index, flag, templates }) => ({ index, flag, templates })),
    faces: [...record.faces].sort((a, b) => a.index - b.index).map(({ index, flag, templates }) => ({ index, flag, templates })),
    accessGroupIds: [...record.accessGroupIds].sort((a, b) => a - b),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
