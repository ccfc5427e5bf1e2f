import { deviceText } from '../deviceText';
import type { ConsoleEvent, EventLevel } from './consoleEvent';

/*
 * What every device event code the console knows means to an operator (GSDK.md, "Event codes"):
 * its wording, category and severity. A code not listed is kept and shown by number. User-table
 * codes are worded after who made the change, as BioStar 2 operators read them: "(Device)" when
 * it was made at the device (`changedOnDevice`), "(BioStar)" when the console wrote it.
 */

export const eventCategories = ['user', 'authentication', 'door', 'device', 'sync', 'console'] as const;
export type EventCategory = (typeof eventCategories)[number];

interface CatalogEntry {
  /** The wording; user-table entries get " (Device)" or " (BioStar)" after it. */
  words: string;
  category: EventCategory;
  level: EventLevel;
  /** Worded after who made the change. */
  byOrigin?: true;
}

const CATALOG: ReadonlyMap<number, CatalogEntry> = new Map<number, CatalogEntry>([
  [0x1000, { words: 'Verify success', category: 'authentication', level: 'info' }],
  [0x1100, { words: 'Verify failure', category: 'authentication', level: 'warning' }],
  [0x1200, { words: 'Verify success (duress)', category: 'authentication', level: 'error' }],
  [0x1300, { words: 'Identify success', category: 'authentication', level: 'info' }],
  [0x1400, { words: 'Identify failure', category: 'authentication', level: 'warning' }],
  [0x1500, { words: 'Identify success (duress)', category: 'authentication', level: 'error' }],
  [0x1600, { words: 'Dual authentication success', category: 'authentication', level: 'info' }],
  [0x1700, { words: 'Dual authentication failure', category: 'authentication', level: 'warning' }],
  [0x1800, { words: 'Authentication failed: credential not registered', category: 'authentication', level: 'warning' }],
  [0x1900, { words: 'Access denied', category: 'authentication', level: 'warning' }],
  [0x1a00, { words: 'Fake fingerprint detected', category: 'authentication', level: 'error' }],
  [0x2000, { words: 'User enrollment succeeded', category: 'user', level: 'info', byOrigin: true }],
  [0x2100, { words: 'User enrollment failed', category: 'user', level: 'warning' }],
  [0x2200, { words: 'User update succeeded', category: 'user', level: 'info', byOrigin: true }],
  [0x2300, { words: 'User update failed', category: 'user', level: 'warning' }],
  [0x2400, { words: 'User delete succeeded', category: 'user', level: 'info', byOrigin: true }],
  [0x2500, { words: 'User delete failed', category: 'user', level: 'warning' }],
  [0x2600, { words: 'All users deleted', category: 'user', level: 'warning', byOrigin: true }],
  [0x2800, { words: 'Duplicate credential', category: 'user', level: 'warning' }],
  [0x3000, { words: 'Device reset', category: 'device', level: 'warning' }],
  [0x3100, { words: 'Device started', category: 'device', level: 'info' }],
  [0x3200, { words: 'Device time set', category: 'device', level: 'info' }],
  [0x3300, { words: 'Link connected', category: 'device', level: 'info' }],
  [0x3400, { words: 'Link disconnected', category: 'device', level: 'warning' }],
  [0x3b00, { words: 'TCP connected', category: 'device', level: 'info' }],
  [0x3c00, { words: 'TCP disconnected', category: 'device', level: 'warning' }],
  [0x5000, { words: 'Door unlocked', category: 'door', level: 'info' }],
  [0x5100, { words: 'Door locked', category: 'door', level: 'info' }],
  [0x5200, { words: 'Door opened', category: 'door', level: 'info' }],
  [0x5300, { words: 'Door closed', category: 'door', level: 'info' }],
  [0x5400, { words: 'Door forced open', category: 'door', level: 'error' }],
  [0x5500, { words: 'Door held open', category: 'door', level: 'warning' }],
]);

/** 0x2800's sub-codes: which credential another user already has. */
const DUPLICATE_CREDENTIAL: ReadonlyMap<number, string> = new Map([
  [1, 'user ID'],
  [2, 'card'],
  [3, 'PIN'],
  [4, 'fingerprint'],
  [5, 'face'],
]);

/**
 * 0x1900's sub-codes: why the person was turned away. 0x07 for the schedule is the virtual
 * gateway's choice where GSDK.md is silent (electron/gsdk/messages.ts `AccessDeniedSubCode`).
 */
const ACCESS_DENIED_REASON: ReadonlyMap<number, string> = new Map([
  [0x01, 'no access group for this door'],
  [0x07, 'outside the schedule'],
]);

/** The fields of a device's EventLog the catalog reads (GSDK.md `EventLog`). */
export interface DeviceEventFields {
  ID: number;
  /** Unix seconds. */
  timestamp: number;
  deviceID: number;
  userID: string;
  eventCode: number;
  subCode: number;
  changedOnDevice: boolean;
  /** The door of a door or access event (0: none named). */
  entityID?: number;
}

export interface EventDescription {
  words: string;
  category: EventCategory;
  level: EventLevel;
  known: boolean;
}

export function hexCode(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** How an operator reads a device event; an unknown code is kept and shown by number. */
export function describeDeviceEvent(event: Pick<DeviceEventFields, 'eventCode' | 'subCode' | 'changedOnDevice'>): EventDescription {
  const entry = CATALOG.get(event.eventCode);
  if (!entry) return { words: `Device event ${hexCode(event.eventCode)}`, category: 'device', level: 'info', known: false };
  let words = entry.words;
  if (entry.byOrigin) words += event.changedOnDevice ? ' (Device)' : ' (BioStar)';
  if (event.eventCode === 0x2800) {
    const credential = DUPLICATE_CREDENTIAL.get(event.subCode);
    if (credential) words += `: the ${credential} belongs to another user`;
  }
  if (event.eventCode === 0x1900) {
    const reason = ACCESS_DENIED_REASON.get(event.subCode);
    if (reason) words += `: ${reason}`;
  }
  return { words, category: entry.category, level: entry.level, known: true };
}

/**
 * The category of a stored event's kind: `device.0x2200` by its code; the console's own events
 * about users (the device-origin pipeline, Manage users) are user events, its sync steps sync,
 * the rest console.
 */
export function categoryOfKind(kind: string): EventCategory {
  const device = /^device\.0x([0-9A-F]{4,8})$/i.exec(kind);
  if (device?.[1]) return CATALOG.get(Number.parseInt(device[1], 16))?.category ?? 'device';
  if (/^(deviceOrigin|user)\./.test(kind)) return 'user';
  // The console's own view of the fleet: a device connected or lost, a gateway reached or not.
  if (/^(device|gateway)\./.test(kind)) return 'device';
  if (/^(sync|check|catchUp|wipe)\./.test(kind)) return 'sync';
  return 'console';
}

/** Longest user ID a stored event keeps (the event schema's limit); a longer one is the device's garbage. */
const STORED_USER_ID_MAX = 32;

/**
 * A device event as the event log stores it (once per device + event ID, in the run of IDs
 * `logEpoch` after the device's log restarted; 0: the first run). Device data is
 * untrusted: the user ID is cleaned of control characters and dropped when no user can have it.
 */
export function deviceEventRecord(event: DeviceEventFields, logEpoch = 0): ConsoleEvent {
  const description = describeDeviceEvent(event);
  // An ID that cleaning would change is not one the console could look up: kept out, not altered.
  const usableUserId = event.userID !== '' && event.userID.length <= STORED_USER_ID_MAX && deviceText(event.userID, STORED_USER_ID_MAX) === event.userID ? event.userID : null;
  const time = Number.isFinite(event.timestamp) && event.timestamp > 0 ? event.timestamp * 1000 : 0;
  const door = description.category === 'door' && event.entityID !== undefined && event.entityID > 0 ? `: door ${event.entityID}` : '';
  return {
    time,
    source: 'device',
    kind: `device.${hexCode(event.eventCode)}`,
    level: description.level,
    message: usableUserId ? `${description.words}: user ${usableUserId}` : `${description.words}${door}`,
    deviceId: event.deviceID,
    userId: usableUserId,
    deviceEventId: event.ID,
    ...(logEpoch > 0 ? { deviceLogEpoch: logEpoch } : {}),
  };
}

/** Every device event code the catalog words, as the event log's type filter lists them (by code). */
export function catalogDeviceEventTypes(): { kind: string; words: string; category: EventCategory }[] {
  return [...CATALOG].map(([code, entry]) => ({ kind: `device.${hexCode(code)}`, words: entry.words, category: entry.category }));
}
