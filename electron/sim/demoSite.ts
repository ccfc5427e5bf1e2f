import { CardType } from '../gsdk/messages';
import type { UserInfo } from '../gsdk/messages';
import { DEVICE_MODELS } from './models';
import type { ModelName } from './models';
import { seededBytes, seededRandom } from './seededRandom';
import type { SimDeviceSpec } from './simDevice';

export const DEFAULT_DEMO_DEVICES = 12;

const PLACES = [
  'Main entrance',
  'Reception',
  'Server room',
  'Loading dock',
  'Warehouse north',
  'Warehouse south',
  'Staff canteen',
  'Car park gate',
  'Laboratory',
  'Finance office',
  'Executive floor',
  'Roof access',
  'Data hall',
  'Visitor lobby',
  'Fire exit east',
  'Workshop',
];

/** The mix of a typical site: mostly fingerprint readers, some face terminals, card-only gates. */
const MODEL_ROTATION: ModelName[] = [
  'BioStation 2',
  'BioEntry W2',
  'FaceStation F2',
  'BioStation 2',
  'XPass 2',
  'BioStation 3',
  'BioEntry W2',
];

const STAFF = [
  'Amelia Clarke',
  'Ben Okafor',
  'Chen Wei',
  'Dana Novak',
  'Elif Yilmaz',
  'Farid Haddad',
  'Greta Lind',
  'Hiro Tanaka',
];

/** One member of staff as the whole site knows them: the same card and templates on every device. */
function staffMember(index: number): UserInfo {
  const random = seededRandom(0x57af + index);
  const cardNumber = seededBytes(random, 4);
  return {
    hdr: { ID: String(index + 1), numOfCard: 0, numOfFinger: 0, numOfFace: 0, authGroupID: 0, updateMask: 0 },
    setting: null,
    name: STAFF[index % STAFF.length] ?? `Staff ${index + 1}`,
    cards: [{ type: CardType.CSN, size: cardNumber.length, data: cardNumber }],
    fingers: [{ index: 1, flag: 0, templates: [seededBytes(random, 384), seededBytes(random, 384)] }],
    faces: [{ index: 0, flag: 0, templates: [seededBytes(random, 552)], imageData: Buffer.alloc(0) }],
    accessGroupIDs: [1],
    jobCodes: [],
    PIN: Buffer.alloc(0),
    photo: Buffer.alloc(0),
  };
}

/**
 * The eight staff members the demo devices hold (IDs 1..8), whole: each device keeps what its
 * model can store of them. The console's demo site data (demoSiteData.ts) starts from the same
 * records, so a fresh console and a fresh fleet agree on them.
 */
export function demoStaff(): UserInfo[] {
  return STAFF.map((_, index) => staffMember(index));
}

/** What of a staff member a model can hold: a card-only gate gets only the card. */
function projectTo(user: UserInfo, model: ModelName): UserInfo {
  const capabilities = DEVICE_MODELS[model];
  return {
    ...user,
    cards: capabilities.cards ? user.cards : [],
    fingers: capabilities.fingerprints ? user.fingers : [],
    faces: capabilities.faces ? user.faces : [],
  };
}

function placeName(index: number): string {
  const place = PLACES[index % PLACES.length] ?? 'Door';
  const round = Math.floor(index / PLACES.length);
  return round === 0 ? place : `${place} ${round + 1}`;
}

function demoIp(index: number): string {
  // 192.168.10.11 upwards, spilling into the next /24s for big fleets.
  const host = 11 + index;
  return `192.168.${10 + Math.floor(host / 250)}.${host % 250}`;
}

/**
 * The demo fleet: `count` devices with plausible names, models, addresses and a few users each
 * (staff 1..8, each device holding three to six of them). Deterministic: the same count gives the
 * same fleet, serial numbers included.
 */
export function demoDevices(count: number = DEFAULT_DEMO_DEVICES): SimDeviceSpec[] {
  const random = seededRandom(0x5eed);
  const usedIDs = new Set<number>();
  const staff = demoStaff();
  const devices: SimDeviceSpec[] = [];
  for (let index = 0; index < count; index++) {
    let deviceID = 540_000_000 + Math.floor(random() * 9_000_000);
    while (usedIDs.has(deviceID)) deviceID += 1;
    usedIDs.add(deviceID);
    const model = MODEL_ROTATION[index % MODEL_ROTATION.length] ?? 'BioStation 2';
    const userCount = 3 + (index % 4);
    const first = index % staff.length;
    const users: UserInfo[] = [];
    for (let k = 0; k < userCount; k++) {
      const member = staff[(first + k) % staff.length];
      if (member) users.push(projectTo(member, model));
    }
    devices.push({
      deviceID,
      name: placeName(index),
      model,
      ip: demoIp(index),
      users,
    });
  }
  return devices;
}
