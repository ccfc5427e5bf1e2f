import { status as GrpcStatus } from '@grpc/grpc-js';
import { USER_LIMITS } from '../../shared/limits';
import type { UserIdPolicy } from '../../shared/limits';
import { EventCode } from '../gsdk/messages';
import type { DeviceCapability, EventLog, FactoryInfo, UserHdr, UserInfo, UserStatistic } from '../gsdk/messages';
import { AccessTables, DEFAULT_ACCESS_LIMITS } from './accessTables';
import type { AccessLimits } from './accessTables';
import { DeviceEventLog } from './eventLog';
import type { NewEvent } from './eventLog';
import { DEFAULT_MODEL, DEVICE_MODELS } from './models';
import type { DeviceModel, ModelName } from './models';
import { deviceNotConnected, invalidArgument, SimError } from './simError';
import { batchProblem, credentialProblem, normalizeUser, userProblem } from './userRules';

export const DEVICE_PORT = 51211;

/** How a simulated device is described: by tests, the demo site, the seed file, the control API. */
export interface SimDeviceSpec {
  /** uint32 serial number; the gateway picks a free one when absent. */
  deviceID?: number;
  name?: string;
  model?: ModelName;
  /** The gateway picks a free 192.168.10.x when absent. */
  ip?: string;
  port?: number;
  firmwareVersion?: string;
  kernelVersion?: string;
  bscoreVersion?: string;
  boardVersion?: string;
  macAddr?: string;
  /** Maximum number of users; default the model's. */
  capacity?: number;
  /** Time every gRPC write takes, in ms; default 0. */
  latencyMs?: number;
  /** Network cable plugged in; default true. */
  online?: boolean;
  /** Default 'numeric', as on a real device unless the site allows alphanumeric IDs. */
  userIdPolicy?: UserIdPolicy;
  /** Users already on the device at start (no events logged for them). */
  users?: UserInfo[];
  /** Room for access groups, levels, schedules, doors, zones; default DEFAULT_ACCESS_LIMITS. */
  accessLimits?: Partial<AccessLimits>;
  /**
   * How the gateway holds it at start; default 'async'. 'none': the device is on the site network
   * (it answers Connect.Connect at its IP and port) but the gateway does not list it yet.
   */
  link?: GatewayLink;
}

/** How the gateway holds the device: an async (auto-reconnecting) connection, a Connect() one, or none. */
export type GatewayLink = 'async' | 'sync' | 'none';

/** Who made a change: the console through the gateway, or someone at the device itself. */
export type ChangeOrigin = 'gateway' | 'device';

export interface SimDeviceHooks {
  /** Every event the device logs. */
  onEvent(device: SimDevice, event: EventLog): void;
  /** The device's network or gateway link changed; its status may have too. */
  onLinkChange(device: SimDevice): void;
}

export interface ResolvedDeviceSpec extends SimDeviceSpec {
  deviceID: number;
  ip: string;
}

/** What an operator can change of a user at the device: any field but the ID. */
export type UserPatch = Partial<Omit<UserInfo, 'hdr'>>;

/**
 * One simulated access-control device: its identity, its user table, its access rules, its event
 * log, its faults.
 */
export class SimDevice {
  readonly deviceID: number;
  readonly name: string;
  readonly model: DeviceModel;
  readonly ip: string;
  readonly port: number;
  readonly firmwareVersion: string;
  readonly kernelVersion: string;
  readonly bscoreVersion: string;
  readonly boardVersion: string;
  readonly macAddr: string;
  readonly userIdPolicy: UserIdPolicy;
  capacity: number;
  /** Time every gRPC write takes, in ms ("slow writes"). */
  latencyMs: number;
  /** Every gRPC write fails ("fail writes"). Changes made at the device still work. */
  failWrites = false;
  /** Event.GetLog fails ("fail log reads", a device whose log store is broken). */
  failLogReads = false;
  /**
   * The gateway discards this many of the device's next realtime events ("drop live events"), as
   * it does when a subscriber's queue is full: they are in the device's log, never on the stream.
   */
  dropLiveEvents = 0;
  /**
   * The next user write through the gateway stores only its first N users (logging their events),
   * then fails with INTERNAL, as a device that takes half a batch and then fails: a real
   * EnrollMulti may be partly applied. A batch of N or fewer is stored whole and still fails (the
   * answer lost after the write). Fires once, then is null again.
   */
  failAfterUsers: number | null = null;
  /** Access groups and levels, schedules, doors and anti-passback zones. */
  readonly access: AccessTables;

  private readonly table = new Map<string, UserInfo>();
  /** Moves on every change of the user table, so readers can keep a copy of it (site traffic's people). */
  private tableVersion = 0;
  private log: DeviceEventLog;
  private networkUp: boolean;
  private gatewayLink: GatewayLink = 'async';
  private monitoringEnabled = false;
  /** A device handles one command at a time, so a burst of small writes queues up behind latency. */
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    spec: ResolvedDeviceSpec,
    private readonly hooks: SimDeviceHooks,
  ) {
    const model: DeviceModel = DEVICE_MODELS[spec.model ?? DEFAULT_MODEL];
    this.deviceID = spec.deviceID;
    this.name = spec.name ?? `${model.name} ${spec.deviceID}`;
    this.model = model;
    this.ip = spec.ip;
    this.port = spec.port ?? DEVICE_PORT;
    this.firmwareVersion = spec.firmwareVersion ?? model.firmwareVersion;
    this.kernelVersion = spec.kernelVersion ?? model.kernelVersion;
    this.bscoreVersion = spec.bscoreVersion ?? model.bscoreVersion;
    this.boardVersion = spec.boardVersion ?? model.boardVersion;
    this.macAddr = spec.macAddr ?? macFor(spec.deviceID);
    this.userIdPolicy = spec.userIdPolicy ?? 'numeric';
    this.capacity = spec.capacity ?? model.defaultCapacity;
    this.latencyMs = spec.latencyMs ?? 0;
    this.networkUp = spec.online ?? true;
    this.gatewayLink = spec.link ?? 'async';
    this.log = new DeviceEventLog(spec.deviceID);
    this.access = new AccessTables(spec.deviceID, { ...DEFAULT_ACCESS_LIMITS, ...spec.accessLimits });
    for (const user of spec.users ?? []) {
      const problem = userProblem(user, this.userIdPolicy) ?? credentialProblem(user, model);
      if (problem) throw invalidArgument(`device ${this.deviceID}: ${problem}`);
      this.table.set(user.hdr.ID, normalizeUser(user));
    }
    if (this.table.size > this.capacity) {
      throw invalidArgument(`device ${this.deviceID}: ${this.table.size} users exceed its capacity of ${this.capacity}`);
    }
  }

  // --- state -----------------------------------------------------------------------------------

  /** The network cable is plugged in. */
  get online(): boolean {
    return this.networkUp;
  }

  get link(): GatewayLink {
    return this.gatewayLink;
  }

  /** The gateway holds a working connection: what gRPC calls to the device need. */
  get connected(): boolean {
    return this.networkUp && this.gatewayLink !== 'none';
  }

  get monitoring(): boolean {
    return this.monitoringEnabled;
  }

  get userCount(): number {
    return this.table.size;
  }

  /** Changes whenever the user table does. */
  get userTableVersion(): number {
    return this.tableVersion;
  }

  get lastEventID(): number {
    return this.log.lastID;
  }

  /** Events the log keeps, the oldest overwritten beyond (0: every event, the default; a real device's log wraps). */
  get logCapacity(): number {
    return this.log.eventCapacity;
  }

  set logCapacity(capacity: number) {
    this.log.setCapacity(capacity);
  }

  /** Pulls or plugs the network cable; the device logs it either way (link events). */
  setOnline(online: boolean): void {
    if (online === this.networkUp) return;
    this.networkUp = online;
    // The gateway's session is gone, and monitoring with it.
    if (!online) this.monitoringEnabled = false;
    this.logEvent({ eventCode: online ? EventCode.DEVICE_LINK_CONNECTED : EventCode.DEVICE_LINK_DISCONNECTED });
    this.hooks.onLinkChange(this);
  }

  setLink(link: GatewayLink): void {
    if (link === this.gatewayLink) return;
    this.gatewayLink = link;
    if (link === 'none') this.monitoringEnabled = false;
    this.hooks.onLinkChange(this);
  }

  setMonitoring(enabled: boolean): void {
    this.monitoringEnabled = enabled;
  }

  /** Fails with UNAVAILABLE unless the gateway can reach the device. */
  assertConnected(): void {
    if (!this.connected) throw deviceNotConnected(this.deviceID);
  }

  // --- reads -----------------------------------------------------------------------------------

  user(userID: string): UserInfo | undefined {
    return this.table.get(userID);
  }

  users(): UserInfo[] {
    return [...this.table.values()];
  }

  headers(): UserHdr[] {
    const headers: UserHdr[] = [];
    for (const user of this.table.values()) headers.push(user.hdr);
    return headers;
  }

  /** The stored records of the IDs present; absent IDs are left out. */
  usersByID(userIDs: readonly string[]): UserInfo[] {
    const found: UserInfo[] = [];
    for (const id of userIDs) {
      const user = this.table.get(id);
      if (user) found.push(user);
    }
    return found;
  }

  statistic(): UserStatistic {
    const statistic: UserStatistic = { numOfUsers: this.table.size, numOfCards: 0, numOfFingerprints: 0, numOfFaces: 0 };
    for (const user of this.table.values()) {
      statistic.numOfCards += user.cards.length;
      statistic.numOfFingerprints += user.fingers.length;
      statistic.numOfFaces += user.faces.length;
    }
    return statistic;
  }

  events(startEventID = 0, maxCount = 0): EventLog[] {
    if (this.failLogReads) throw new SimError(GrpcStatus.INTERNAL, `device ${this.deviceID}: log read failed (simulated fault)`);
    return this.log.read(startEventID, maxCount);
  }

  factoryInfo(): FactoryInfo {
    return {
      MACAddr: this.macAddr,
      modelName: this.model.name,
      firmwareVersion: this.firmwareVersion,
      kernelVersion: this.kernelVersion,
      BSCoreVersion: this.bscoreVersion,
      boardVersion: this.boardVersion,
    };
  }

  capability(): DeviceCapability {
    return {
      maxUsers: this.capacity,
      maxEventLogs: 0,
      maxImageLogs: 0,
      maxBlacklists: 0,
      maxOperators: 10,
      maxCards: this.model.cards ? this.capacity : 0,
      maxFaces: this.model.faces ? this.capacity : 0,
      maxFingerprints: this.model.fingerprints ? this.capacity * 2 : 0,
      maxUserNames: this.capacity,
      maxUserImages: this.capacity,
      maxUserJobs: 0,
      maxUserPhrases: 0,
      maxCardsPerUser: this.model.cards ? USER_LIMITS.maxCards : 0,
      maxFacesPerUser: this.model.faces ? USER_LIMITS.maxFaces : 0,
      maxFingerprintsPerUser: this.model.fingerprints ? USER_LIMITS.maxFingers : 0,
      cardInputSupported: this.model.cards,
      fingerprintInputSupported: this.model.fingerprints,
      faceInputSupported: this.model.faces,
    };
  }

  // --- writes ----------------------------------------------------------------------------------

  /**
   * Runs a write that came through the gateway: one at a time, after latencyMs, failing when the
   * fault switch is on or the device dropped off meanwhile (then nothing of it is applied).
   */
  gatewayWrite<T>(write: () => T): Promise<T> {
    this.assertConnected();
    const run = async (): Promise<T> => {
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      this.assertConnected();
      if (this.failWrites) throw new SimError(GrpcStatus.INTERNAL, `device ${this.deviceID}: write failed (simulated fault)`);
      return write();
    };
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  /**
   * Stores `users` (all of them or none). New IDs log USER_ENROLL_SUCCESS, replaced ones
   * USER_UPDATE_SUCCESS. Refuses a bad user (INVALID_ARGUMENT), an existing ID without overwrite
   * (ALREADY_EXISTS), and more users than the capacity leaves room for (RESOURCE_EXHAUSTED).
   */
  enroll(users: readonly UserInfo[], overwrite: boolean, origin: ChangeOrigin): void {
    const partial = origin === 'gateway' ? this.failAfterUsers : null;
    if (partial !== null) {
      this.failAfterUsers = null;
      const stored = users.slice(0, partial);
      this.enroll(stored, overwrite, origin);
      throw new SimError(GrpcStatus.INTERNAL, `device ${this.deviceID}: write failed after ${stored.length} of ${users.length} users (simulated fault)`);
    }
    this.checkEnroll(users, overwrite);
    this.tableVersion += 1;
    for (const user of users) {
      const existed = this.table.has(user.hdr.ID);
      this.table.set(user.hdr.ID, normalizeUser(user));
      this.logEvent({
        eventCode: existed ? EventCode.USER_UPDATE_SUCCESS : EventCode.USER_ENROLL_SUCCESS,
        userID: user.hdr.ID,
        changedOnDevice: origin === 'device',
      });
    }
  }

  /**
   * Throws what `enroll(users, overwrite)` would refuse, storing nothing: a bad user or the same ID
   * twice (INVALID_ARGUMENT), an existing ID without overwrite (ALREADY_EXISTS), no room
   * (RESOURCE_EXHAUSTED).
   */
  checkEnroll(users: readonly UserInfo[], overwrite: boolean): void {
    const problem = batchProblem(users, this.userIdPolicy) ?? firstCredentialProblem(users, this.model);
    if (problem) throw invalidArgument(`device ${this.deviceID}: ${problem}`);
    let added = 0;
    for (const user of users) {
      if (!this.table.has(user.hdr.ID)) added += 1;
      else if (!overwrite) {
        throw new SimError(GrpcStatus.ALREADY_EXISTS, `device ${this.deviceID}: user ${user.hdr.ID} already exists`);
      }
    }
    if (this.table.size + added > this.capacity) {
      throw new SimError(
        GrpcStatus.RESOURCE_EXHAUSTED,
        `device ${this.deviceID} is full: ${this.table.size} of ${this.capacity} users, ${added} more do not fit`,
      );
    }
  }

  /**
   * Stores `user` as the device's firmware could hold it, with none of the checks a write through
   * the gateway gets (ID rules, limits, the model's credentials): a bad record for the console to
   * meet (control API `"raw": true`). A new ID logs USER_ENROLL_SUCCESS, a replaced one
   * USER_UPDATE_SUCCESS, both as changes made at the device. Only a full device refuses it.
   */
  enrollRaw(user: UserInfo): void {
    const existed = this.table.has(user.hdr.ID);
    if (!existed && this.table.size >= this.capacity) {
      throw new SimError(GrpcStatus.RESOURCE_EXHAUSTED, `device ${this.deviceID} is full: ${this.table.size} of ${this.capacity} users`);
    }
    this.table.set(user.hdr.ID, user);
    this.tableVersion += 1;
    this.logEvent({ eventCode: existed ? EventCode.USER_UPDATE_SUCCESS : EventCode.USER_ENROLL_SUCCESS, userID: user.hdr.ID, changedOnDevice: true });
  }

  /** Changes a user at the device (logs USER_UPDATE_SUCCESS); NOT_FOUND when the user is not there. */
  edit(userID: string, patch: UserPatch, origin: ChangeOrigin): UserInfo {
    const current = this.table.get(userID);
    if (!current) throw new SimError(GrpcStatus.NOT_FOUND, `device ${this.deviceID}: user ${userID} not found`);
    const edited: UserInfo = { ...current, ...definedFields(patch), hdr: current.hdr };
    const problem = userProblem(edited, this.userIdPolicy) ?? credentialProblem(edited, this.model);
    if (problem) throw invalidArgument(`device ${this.deviceID}: ${problem}`);
    const stored = normalizeUser(edited);
    this.table.set(userID, stored);
    this.tableVersion += 1;
    this.logEvent({ eventCode: EventCode.USER_UPDATE_SUCCESS, userID, changedOnDevice: origin === 'device' });
    return stored;
  }

  /** Removes the IDs present (USER_DELETE_SUCCESS each); IDs not on the device are skipped. */
  delete(userIDs: readonly string[], origin: ChangeOrigin): number {
    let deleted = 0;
    for (const userID of userIDs) {
      if (!this.table.delete(userID)) continue;
      this.tableVersion += 1;
      deleted += 1;
      this.logEvent({ eventCode: EventCode.USER_DELETE_SUCCESS, userID, changedOnDevice: origin === 'device' });
    }
    return deleted;
  }

  deleteAll(origin: ChangeOrigin): void {
    this.table.clear();
    this.tableVersion += 1;
    this.logEvent({ eventCode: EventCode.USER_DELETE_ALL_SUCCESS, changedOnDevice: origin === 'device' });
  }

  /** Stores users without logging, as if they had always been there (fixtures, "fill storage"). */
  preload(users: readonly UserInfo[]): void {
    const problem = batchProblem(users, this.userIdPolicy) ?? firstCredentialProblem(users, this.model);
    if (problem) throw invalidArgument(`device ${this.deviceID}: ${problem}`);
    const added = users.filter((user) => !this.table.has(user.hdr.ID)).length;
    if (this.table.size + added > this.capacity) {
      throw new SimError(GrpcStatus.RESOURCE_EXHAUSTED, `device ${this.deviceID} is full (capacity ${this.capacity})`);
    }
    for (const user of users) this.table.set(user.hdr.ID, normalizeUser(user));
    this.tableVersion += 1;
  }

  /**
   * The device restarts: its link to the gateway drops (monitoring with it) and comes back. With
   * `clearLog` its event log starts again from ID 1, as after a factory reset or a firmware
   * update that clears the log store; users and access rules stay. Logs 0x3100 (system started).
   */
  reboot(clearLog: boolean): void {
    const wasOnline = this.networkUp;
    this.setOnline(false);
    if (clearLog) this.log = new DeviceEventLog(this.deviceID, this.log.eventCapacity);
    this.logEvent({ eventCode: EventCode.DEVICE_SYSTEM_STARTED });
    if (wasOnline) this.setOnline(true);
  }

  logEvent(event: NewEvent): EventLog {
    const logged = this.log.append(event);
    this.hooks.onEvent(this, logged);
    return logged;
  }
}

function firstCredentialProblem(users: readonly UserInfo[], model: DeviceModel): string | null {
  for (const user of users) {
    const problem = credentialProblem(user, model);
    if (problem) return problem;
  }
  return null;
}

/** A patch from JSON may carry explicit undefined values; they must not erase fields. */
function definedFields(patch: UserPatch): UserPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as UserPatch;
}

/** A stable, locally administered MAC derived from the serial number. */
function macFor(deviceID: number): string {
  const bytes = [0x02, 0x17, (deviceID >>> 24) & 0xff, (deviceID >>> 16) & 0xff, (deviceID >>> 8) & 0xff, deviceID & 0xff];
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}
