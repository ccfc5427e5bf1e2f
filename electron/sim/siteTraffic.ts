import {
  DEFAULT_TRAFFIC_MIX,
  trafficKinds,
  type TrafficKind,
  type TrafficRequest,
  type TrafficState,
} from '../../shared/domain/siteTraffic';
import { AccessDeniedSubCode, AuthSubCode, EventCode } from '../gsdk/messages';
import type { UserInfo } from '../gsdk/messages';
import type { NewEvent } from './eventLog';
import type { SimDevice } from './simDevice';

export interface SiteTrafficOptions {
  /** How often due events are logged; default 50 ms (20 small bursts a second look steady). */
  tickMs?: number;
  random?: () => number;
  now?: () => number;
}

/** Who can present what at one device, copied from its user table (kept until the table changes). */
interface DevicePeople {
  tableVersion: number;
  builtAt: number;
  everyone: UserInfo[];
  withCard: UserInfo[];
  withFinger: UserInfo[];
  /** The door the device reads for (its entry or exit reader), 0 when the console gave it none. */
  doorID: number;
}

/** A table that changes all the time (a sync writing to the device) is copied again at most this often. */
const PEOPLE_REFRESH_MS = 1_000;
/** After a stall (a busy event loop), at most one second's worth of events is made up for. */
const MAX_CATCH_UP_SECONDS = 1;

/**
 * A steady stream of everyday events across the virtual site, at a chosen rate: people who are
 * on a device present their card or finger there (granted, or turned away for their schedule or
 * their access groups), doors open, now and then one is forced or held open. Each event is logged
 * by its device like any other (`SimDevice.logEvent`): it goes into the device's log, so a
 * catch-up reads it, and to the realtime stream when the device is monitored. Devices that are
 * offline keep logging (people still badge there), as real readers do.
 */
export class SiteTraffic {
  private rate = 0;
  private mix: Record<TrafficKind, number> = { ...DEFAULT_TRAFFIC_MIX };
  private startedAt: number | null = null;
  private generated = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastTickAt = 0;
  /** The fraction of an event that was due but not yet logged, so low rates come out right on average. */
  private carry = 0;
  private readonly people = new Map<number, DevicePeople>();
  private readonly tickMs: number;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly devices: () => readonly SimDevice[],
    options: SiteTrafficOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 50;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Starts the stream, or changes the rate and mix of the one running (its count goes on). */
  start(request: TrafficRequest): TrafficState {
    this.rate = request.rate;
    this.mix = request.mix ? fullMix(request.mix) : { ...DEFAULT_TRAFFIC_MIX };
    if (this.timer === null) {
      this.startedAt = this.now();
      this.generated = 0;
      this.carry = 0;
      this.lastTickAt = this.now();
      this.timer = setInterval(() => this.tick(), this.tickMs);
      // A stream left running must not keep a test or a CLI process alive.
      this.timer.unref();
    }
    return this.state();
  }

  stop(): TrafficState {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.rate = 0;
    this.startedAt = null;
    this.people.clear();
    return this.state();
  }

  state(): TrafficState {
    return { running: this.timer !== null, rate: this.rate, mix: { ...this.mix }, startedAt: this.startedAt, generated: this.generated };
  }

  /** Logs `count` events of the current mix at once (the timer's work; tests call it directly). */
  emit(count: number): void {
    const fleet = this.devices();
    if (fleet.length === 0) return;
    const weights = trafficKinds.map((kind) => this.mix[kind]);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    if (total <= 0) return;
    for (let n = 0; n < count; n++) {
      const device = fleet[Math.floor(this.random() * fleet.length)];
      if (!device) continue;
      device.logEvent(this.eventAt(device, pickKind(weights, total, this.random())));
      this.generated += 1;
    }
  }

  private tick(): void {
    const now = this.now();
    const elapsedSeconds = Math.min(MAX_CATCH_UP_SECONDS, Math.max(0, now - this.lastTickAt) / 1000);
    this.lastTickAt = now;
    const due = this.rate * elapsedSeconds + this.carry;
    const count = Math.floor(due);
    this.carry = due - count;
    this.emit(count);
  }

  private eventAt(device: SimDevice, kind: TrafficKind): NewEvent {
    const people = this.peopleOf(device);
    const door = people.doorID;
    switch (kind) {
      case 'card': {
        const user = this.present(device, people.withCard);
        if (!user) return { eventCode: EventCode.DOOR_OPENED, entityID: door };
        return admitted(user, EventCode.VERIFY_SUCCESS, AuthSubCode.VERIFY_CARD, door);
      }
      case 'finger': {
        const user = this.present(device, people.withFinger);
        // A card-only reader (or nobody with a fingerprint there): the person shows a card instead.
        if (!user) return this.eventAt(device, 'card');
        return admitted(user, EventCode.IDENTIFY_SUCCESS, AuthSubCode.IDENTIFY_FINGER, door);
      }
      case 'deniedBySchedule':
      case 'deniedByGroup': {
        const user = this.present(device, people.everyone);
        if (!user) return { eventCode: EventCode.DOOR_OPENED, entityID: door };
        const subCode = kind === 'deniedBySchedule' ? AccessDeniedSubCode.SCHEDULE : AccessDeniedSubCode.ACCESS_GROUP;
        return { eventCode: EventCode.ACCESS_DENIED, subCode, userID: user.hdr.ID, entityID: door };
      }
      case 'doorOpened':
        return { eventCode: EventCode.DOOR_OPENED, entityID: door };
      case 'forcedOpen':
        return { eventCode: EventCode.DOOR_FORCED_OPEN, entityID: door };
      case 'heldOpen':
        return { eventCode: EventCode.DOOR_HELD_OPEN, entityID: door };
    }
  }

  /** Someone from `candidates` who is still on the device (the copy may be up to a second old); null when nobody is. */
  private present(device: SimDevice, candidates: readonly UserInfo[]): UserInfo | null {
    for (let attempt = 0; attempt < 3 && candidates.length > 0; attempt++) {
      const user = candidates[Math.floor(this.random() * candidates.length)];
      if (user && device.user(user.hdr.ID)) return user;
    }
    return null;
  }

  private peopleOf(device: SimDevice): DevicePeople {
    const now = this.now();
    const known = this.people.get(device.deviceID);
    if (known && (known.tableVersion === device.userTableVersion || now - known.builtAt < PEOPLE_REFRESH_MS)) return known;
    const everyone = device.users();
    const people: DevicePeople = {
      tableVersion: device.userTableVersion,
      builtAt: now,
      everyone,
      withCard: everyone.filter((user) => user.cards.length > 0),
      withFinger: everyone.filter((user) => user.fingers.length > 0),
      doorID: doorOf(device),
    };
    this.people.set(device.deviceID, people);
    return people;
  }
}

/** Granted, or turned away as a real reader would when the user has no access group at all. */
function admitted(user: UserInfo, eventCode: number, subCode: number, door: number): NewEvent {
  if (user.accessGroupIDs.length === 0) {
    return { eventCode: EventCode.ACCESS_DENIED, subCode: AccessDeniedSubCode.ACCESS_GROUP, userID: user.hdr.ID, entityID: door };
  }
  return { eventCode, subCode, userID: user.hdr.ID, entityID: door };
}

function doorOf(device: SimDevice): number {
  const doors = device.access.doors.list();
  const own = doors.find((door) => door.entryDeviceID === device.deviceID || door.exitDeviceID === device.deviceID);
  return (own ?? doors[0])?.doorID ?? 0;
}

function fullMix(mix: Partial<Record<TrafficKind, number>>): Record<TrafficKind, number> {
  const full = { ...DEFAULT_TRAFFIC_MIX };
  for (const kind of trafficKinds) full[kind] = mix[kind] ?? 0;
  return full;
}

function pickKind(weights: readonly number[], total: number, draw: number): TrafficKind {
  let left = draw * total;
  for (let index = 0; index < trafficKinds.length; index++) {
    left -= weights[index] ?? 0;
    if (left < 0) return trafficKinds[index] ?? 'doorOpened';
  }
  return 'doorOpened';
}
