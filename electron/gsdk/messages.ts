/**
 * The G-SDK messages as they look in JavaScript after loadProtos.ts's loader options: field names
 * exactly as in the .proto files, every scalar present (defaults filled in), repeated fields as
 * arrays, bytes as Buffer, enums as plain numbers (a device may send values no constant names).
 * An unset message-typed field decodes as null.
 */

// ---------------------------------------------------------------------------------------------
// gsdk.connect

export const DeviceStatus = {
  DISCONNECTED: 0x00,
  TCP_CONNECTED: 0x01,
  TLS_CONNECTED: 0x02,
  TCP_CANNOT_CONNECT: 0x100,
  TCP_NOT_ALLOWED: 0x101,
  TLS_CANNOT_CONNECT: 0x200,
  TLS_NOT_ALLOWED: 0x201,
} as const;
export type DeviceStatusValue = (typeof DeviceStatus)[keyof typeof DeviceStatus];

/** True for the statuses in which the gateway holds a working connection to the device. */
export function isConnectedStatus(status: number): boolean {
  return status === DeviceStatus.TCP_CONNECTED || status === DeviceStatus.TLS_CONNECTED;
}

export const ConnectionMode = {
  SERVER_TO_DEVICE: 0,
  DEVICE_TO_SERVER: 1,
} as const;

export interface DeviceInfo {
  deviceID: number;
  connectionMode: number;
  IPAddr: string;
  port: number;
  /** A DeviceStatus value. */
  status: number;
  autoReconnect: boolean;
  useSSL: boolean;
  /** A DeviceType value. */
  type: number;
}

export interface ConnectInfo {
  IPAddr: string;
  port: number;
  useSSL: boolean;
}

export interface AsyncConnectInfo {
  deviceID: number;
  IPAddr: string;
  port: number;
  useSSL: boolean;
}

export interface StatusChange {
  deviceID: number;
  /** A DeviceStatus value. */
  status: number;
  /** Unix seconds. */
  timestamp: number;
}

export type GetDeviceListRequest = Record<string, never>;
export interface GetDeviceListResponse {
  deviceInfos: DeviceInfo[];
}
export interface SubscribeStatusRequest {
  queueSize: number;
}
export interface ConnectRequest {
  connectInfo: ConnectInfo | null;
}
export interface ConnectResponse {
  deviceID: number;
}
export interface AddAsyncConnectionRequest {
  connectInfos: AsyncConnectInfo[];
}
export interface DeleteAsyncConnectionRequest {
  deviceIDs: number[];
}
export interface DisconnectRequest {
  deviceIDs: number[];
}
/** The empty responses of Add/DeleteAsyncConnection, Disconnect, Enroll, Delete, EnableMonitoring... */
export type EmptyResponse = Record<string, never>;

// ---------------------------------------------------------------------------------------------
// gsdk.device

/** Device models (gsdk.device.Type), values of the public reference. */
export const DeviceType = {
  BIOENTRY_PLUS: 0x01,
  BIOENTRY_W: 0x02,
  BIOLITE_NET: 0x03,
  XPASS: 0x04,
  XPASS_S2: 0x05,
  SECURE_IO_2: 0x06,
  DOOR_MODULE_20: 0x07,
  BIOSTATION_2: 0x08,
  BIOSTATION_A2: 0x09,
  FACESTATION_2: 0x0a,
  IO_DEVICE: 0x0b,
  BIOSTATION_L2: 0x0c,
  BIOENTRY_W2: 0x0d,
  CORESTATION_40: 0x0e,
  BIOENTRY_P2: 0x11,
  BIOLITE_N2: 0x12,
  XPASS2: 0x13,
  XPASS_S3: 0x14,
  BIOENTRY_R2: 0x15,
  XPASS_D2: 0x16,
  FACELITE: 0x19,
  FACESTATION_F2_FP: 0x1d,
  FACESTATION_F2: 0x1e,
  XSTATION_2_QR: 0x1f,
  XSTATION_2: 0x20,
  XSTATION_2_FP: 0x22,
  BIOSTATION_3: 0x23,
  UNKNOWN: 0xff,
} as const;
export type DeviceTypeValue = (typeof DeviceType)[keyof typeof DeviceType];

export interface FactoryInfo {
  MACAddr: string;
  modelName: string;
  firmwareVersion: string;
  kernelVersion: string;
  BSCoreVersion: string;
  boardVersion: string;
}

export interface DeviceCapability {
  maxUsers: number;
  maxEventLogs: number;
  maxImageLogs: number;
  maxBlacklists: number;
  maxOperators: number;
  maxCards: number;
  maxFaces: number;
  maxFingerprints: number;
  maxUserNames: number;
  maxUserImages: number;
  maxUserJobs: number;
  maxUserPhrases: number;
  maxCardsPerUser: number;
  maxFacesPerUser: number;
  maxFingerprintsPerUser: number;
  cardInputSupported: boolean;
  fingerprintInputSupported: boolean;
  faceInputSupported: boolean;
}

export interface GetInfoRequest {
  deviceID: number;
}
export interface GetInfoResponse {
  info: FactoryInfo | null;
}
export interface GetCapabilityRequest {
  deviceID: number;
}
export interface GetCapabilityResponse {
  deviceCapability: DeviceCapability | null;
}

// ---------------------------------------------------------------------------------------------
// gsdk.card, gsdk.finger, gsdk.face, gsdk.tna

export const CardType = {
  UNKNOWN: 0x00,
  CSN: 0x01,
  SECURE: 0x02,
  ACCESS: 0x03,
  WIEGAND: 0x0a,
} as const;

export interface CSNCardData {
  /** A CardType value. */
  type: number;
  /** Number of meaningful bytes in data. */
  size: number;
  data: Buffer;
}

export interface FingerData {
  index: number;
  flag: number;
  templates: Buffer[];
}

export interface FaceData {
  index: number;
  flag: number;
  templates: Buffer[];
  imageData: Buffer;
}

export interface JobCode {
  code: number;
  label: string;
}

// ---------------------------------------------------------------------------------------------
// gsdk.user

export interface UserHdr {
  ID: string;
  numOfCard: number;
  numOfFinger: number;
  numOfFace: number;
  authGroupID: number;
  updateMask: number;
}

export interface UserSetting {
  /** Unix seconds; 0 = no limit. */
  startTime: number;
  endTime: number;
  biometricAuthMode: number;
  cardAuthMode: number;
  IDAuthMode: number;
  securityLevel: number;
}

export interface UserInfo {
  /** Always set in what the client returns (an absent header is filled with the defaults). */
  hdr: UserHdr;
  setting: UserSetting | null;
  name: string;
  cards: CSNCardData[];
  fingers: FingerData[];
  faces: FaceData[];
  accessGroupIDs: number[];
  jobCodes: JobCode[];
  /** A 32-byte hash, or empty. */
  PIN: Buffer;
  photo: Buffer;
}

/** A user with an ID and nothing else: what a record is built on, or the frame around an edit. */
export function emptyUserInfo(id: string): UserInfo {
  return {
    hdr: { ID: id, numOfCard: 0, numOfFinger: 0, numOfFace: 0, authGroupID: 0, updateMask: 0 },
    setting: null,
    name: '',
    cards: [],
    fingers: [],
    faces: [],
    accessGroupIDs: [],
    jobCodes: [],
    PIN: Buffer.alloc(0),
    photo: Buffer.alloc(0),
  };
}

export interface UserStatistic {
  numOfUsers: number;
  numOfCards: number;
  numOfFingerprints: number;
  numOfFaces: number;
}

/** Bits of GetPartial's infoMask. */
export const UserInfoMask = {
  HDR: 0x01,
  SETTING: 0x02,
  NAME: 0x04,
  PHOTO: 0x08,
  PIN: 0x10,
  CARD: 0x20,
  FINGER: 0x40,
  FACE: 0x80,
  ACCESS_GROUP: 0x100,
  ALL: 0x1ff,
} as const;

export interface GetListRequest {
  deviceID: number;
}
export interface GetListResponse {
  hdrs: UserHdr[];
}
export interface GetRequest {
  deviceID: number;
  userIDs: string[];
}
export interface GetResponse {
  users: UserInfo[];
}
export interface GetPartialRequest {
  deviceID: number;
  userIDs: string[];
  infoMask: number;
}
export interface GetPartialResponse {
  users: UserInfo[];
}
export interface EnrollRequest {
  deviceID: number;
  users: UserInfo[];
  overwrite: boolean;
}
export interface EnrollMultiRequest {
  deviceIDs: number[];
  users: UserInfo[];
  overwrite: boolean;
}
export interface DeleteRequest {
  deviceID: number;
  userIDs: string[];
}
export interface DeleteMultiRequest {
  deviceIDs: number[];
  userIDs: string[];
}
export interface DeleteAllRequest {
  deviceID: number;
}
export interface DeleteAllMultiRequest {
  deviceIDs: number[];
}
export interface GetStatisticRequest {
  deviceID: number;
}
export interface GetStatisticResponse {
  userStatistic: UserStatistic | null;
}

// ---------------------------------------------------------------------------------------------
// gsdk.event

export interface EventLog {
  /** Per device, increasing. */
  ID: number;
  /** Unix seconds. */
  timestamp: number;
  deviceID: number;
  userID: string;
  entityID: number;
  /** An EventCode value, or any other code the device sends. */
  eventCode: number;
  subCode: number;
  tnaKey: number;
  hasImage: boolean;
  /** Set when the change was made at the device rather than through the gateway. */
  changedOnDevice: boolean;
}

/** Event codes the console knows (public values); any other code is kept and shown by number. */
export const EventCode = {
  VERIFY_SUCCESS: 0x1000,
  VERIFY_FAIL: 0x1100,
  VERIFY_DURESS: 0x1200,
  IDENTIFY_SUCCESS: 0x1300,
  IDENTIFY_FAIL: 0x1400,
  IDENTIFY_DURESS: 0x1500,
  DUAL_AUTH_SUCCESS: 0x1600,
  DUAL_AUTH_FAIL: 0x1700,
  /** Unregistered credential. */
  AUTH_FAILED: 0x1800,
  ACCESS_DENIED: 0x1900,
  FAKE_FINGER_DETECTED: 0x1a00,

  USER_ENROLL_SUCCESS: 0x2000,
  USER_ENROLL_FAIL: 0x2100,
  USER_UPDATE_SUCCESS: 0x2200,
  USER_UPDATE_FAIL: 0x2300,
  USER_DELETE_SUCCESS: 0x2400,
  USER_DELETE_FAIL: 0x2500,
  USER_DELETE_ALL_SUCCESS: 0x2600,
  /** subCode: DuplicateCredential. */
  USER_DUPLICATE_CREDENTIAL: 0x2800,

  DEVICE_SYSTEM_RESET: 0x3000,
  DEVICE_SYSTEM_STARTED: 0x3100,
  DEVICE_TIME_SET: 0x3200,
  DEVICE_LINK_CONNECTED: 0x3300,
  DEVICE_LINK_DISCONNECTED: 0x3400,
  DEVICE_TCP_CONNECTED: 0x3b00,
  DEVICE_TCP_DISCONNECTED: 0x3c00,

  DOOR_UNLOCKED: 0x5000,
  DOOR_LOCKED: 0x5100,
  DOOR_OPENED: 0x5200,
  DOOR_CLOSED: 0x5300,
  DOOR_FORCED_OPEN: 0x5400,
  DOOR_HELD_OPEN: 0x5500,
} as const;
export type EventCodeValue = (typeof EventCode)[keyof typeof EventCode];

/** subCode of USER_DUPLICATE_CREDENTIAL. */
export const DuplicateCredential = {
  ID: 1,
  CARD: 2,
  PIN: 3,
  FINGER: 4,
  FACE: 5,
} as const;

/** subCodes of authentication events for the credentials the virtual gateway simulates. */
export const AuthSubCode = {
  /** IDENTIFY_*: fingerprint only. */
  IDENTIFY_FINGER: 0x01,
  /** IDENTIFY_*: face only. */
  IDENTIFY_FACE: 0x03,
  /** VERIFY_*: card only. */
  VERIFY_CARD: 0x06,
  /** AUTH_FAILED: the card, fingerprint or face is not registered. */
  CREDENTIAL_CARD: 0x02,
  CREDENTIAL_FINGER: 0x04,
  CREDENTIAL_FACE: 0x05,
} as const;

/**
 * subCodes of ACCESS_DENIED (0x1900). 0x01 is the public "access group" reason; GSDK.md is
 * silent on a schedule reason, so the virtual gateway words a user turned away outside the
 * schedule of their access levels with 0x07 (our choice, written down here and in the catalog).
 */
export const AccessDeniedSubCode = {
  /** None of the user's access groups opens this door. */
  ACCESS_GROUP: 0x01,
  /** The user's access levels do not allow this time. */
  SCHEDULE: 0x07,
} as const;

export interface EnableMonitoringRequest {
  deviceID: number;
}
export interface EnableMonitoringMultiRequest {
  deviceIDs: number[];
}
export interface DisableMonitoringRequest {
  deviceID: number;
}
export interface SubscribeRealtimeLogRequest {
  queueSize: number;
  deviceIDs: number[];
  eventCodes: number[];
}
export interface GetLogRequest {
  deviceID: number;
  startEventID: number;
  maxNumOfLog: number;
}
export interface GetLogResponse {
  events: EventLog[];
}

// ---------------------------------------------------------------------------------------------
// Requests shared by the access, door, schedule and zone services

/** GetList (Get for zones), DeleteAll, DeleteAllLevel: one device. */
export interface DeviceRequest {
  deviceID: number;
}
/** DeleteAllMulti, DeleteAllLevelMulti: several devices. */
export interface DevicesRequest {
  deviceIDs: number[];
}

// ---------------------------------------------------------------------------------------------
// gsdk.access

export interface AccessGroup {
  /** 0 is reserved. */
  ID: number;
  name: string;
  levelIDs: number[];
}

export interface DoorSchedule {
  doorID: number;
  /** PREDEFINED_SCHEDULE_ALWAYS or a schedule on the device. */
  scheduleID: number;
}

export interface AccessLevel {
  /** 1..32767. */
  ID: number;
  name: string;
  doorSchedules: DoorSchedule[];
}

/** Access levels have IDs below this; 32768 and up are floor levels (not in this subset). */
export const MAX_ACCESS_LEVEL_ID = 32_767;

export interface GetAccessGroupListResponse {
  groups: AccessGroup[];
}
export interface AddAccessGroupsRequest extends DeviceRequest {
  groups: AccessGroup[];
}
export interface AddAccessGroupsMultiRequest extends DevicesRequest {
  groups: AccessGroup[];
}
export interface DeleteAccessGroupsRequest extends DeviceRequest {
  groupIDs: number[];
}
export interface DeleteAccessGroupsMultiRequest extends DevicesRequest {
  groupIDs: number[];
}
export interface GetAccessLevelListResponse {
  levels: AccessLevel[];
}
export interface AddAccessLevelsRequest extends DeviceRequest {
  levels: AccessLevel[];
}
export interface AddAccessLevelsMultiRequest extends DevicesRequest {
  levels: AccessLevel[];
}
export interface DeleteAccessLevelsRequest extends DeviceRequest {
  levelIDs: number[];
}
export interface DeleteAccessLevelsMultiRequest extends DevicesRequest {
  levelIDs: number[];
}

// ---------------------------------------------------------------------------------------------
// gsdk.door

/** gsdk.device.SwitchType: how a sensor or exit button is wired. */
export const SwitchType = {
  NORMALLY_OPEN: 0,
  NORMALLY_CLOSED: 1,
} as const;

export interface Relay {
  /** Never 0: every door has a relay. */
  deviceID: number;
  port: number;
}

export interface Sensor {
  /** 0 = no sensor. */
  deviceID: number;
  port: number;
  /** A SwitchType value. */
  type: number;
}

export interface ExitButton {
  /** 0 = no exit button. */
  deviceID: number;
  port: number;
  /** A SwitchType value. */
  type: number;
}

export interface DoorInfo {
  /** 0 is not allowed. */
  doorID: number;
  name: string;
  entryDeviceID: number;
  /** 0 = the door has only the entry device. */
  exitDeviceID: number;
  relay: Relay | null;
  sensor: Sensor | null;
  button: ExitButton | null;
  /** Seconds unlocked after a granted access; 0 = the device's default. */
  autoLockTimeout: number;
  /** Seconds open before the held-open alarm (needs a sensor); 0 = the device's default. */
  heldOpenTimeout: number;
}

export interface GetDoorListResponse {
  doors: DoorInfo[];
}
export interface AddDoorsRequest extends DeviceRequest {
  doors: DoorInfo[];
}
export interface DeleteDoorsRequest extends DeviceRequest {
  doorIDs: number[];
}

// ---------------------------------------------------------------------------------------------
// gsdk.schedule

/** The schedule every device has built in; it is never added, listed or deleted. */
export const PREDEFINED_SCHEDULE_ALWAYS = 1;

/** Minutes after midnight, [startTime, endTime); 1440 = the end of the day. */
export interface TimePeriod {
  startTime: number;
  endTime: number;
}

export interface DaySchedule {
  /** At most 5, not overlapping. */
  periods: TimePeriod[];
}

export interface WeeklySchedule {
  /** Exactly 7, Sunday first. */
  daySchedules: DaySchedule[];
}

export interface DailySchedule {
  /** Day of the year, 0 = January 1st. */
  startDate: number;
  /** 1..90 days, repeated from startDate. */
  daySchedules: DaySchedule[];
}

export interface ScheduleInfo {
  /** 2 and up: 0 is not valid, 1 is PREDEFINED_SCHEDULE_ALWAYS. */
  ID: number;
  name: string;
  /** Exactly one of daily and weekly is set. */
  daily: DailySchedule | null;
  weekly: WeeklySchedule | null;
}

export interface GetScheduleListResponse {
  schedules: ScheduleInfo[];
}
export interface AddSchedulesRequest extends DeviceRequest {
  schedules: ScheduleInfo[];
}
export interface AddSchedulesMultiRequest extends DevicesRequest {
  schedules: ScheduleInfo[];
}
export interface DeleteSchedulesRequest extends DeviceRequest {
  scheduleIDs: number[];
}
export interface DeleteSchedulesMultiRequest extends DevicesRequest {
  scheduleIDs: number[];
}

// ---------------------------------------------------------------------------------------------
// gsdk.apb_zone

/** gsdk.apb_zone.Type: HARD refuses a violation, SOFT only logs it. */
export const ApbZoneType = {
  HARD: 0x00,
  SOFT: 0x01,
} as const;

/** gsdk.apb_zone.ReaderType. */
export const ApbReaderType = {
  ENTRY: 0x00,
  EXIT: 0x01,
} as const;

export interface ApbZoneMember {
  deviceID: number;
  /** An ApbReaderType value. */
  readerType: number;
}

/** gsdk.apb_zone.ZoneInfo. */
export interface ApbZoneInfo {
  /** 0 is not allowed. */
  zoneID: number;
  name: string;
  /** An ApbZoneType value. */
  type: number;
  disabled: boolean;
  alarmed: boolean;
  /** Seconds; 0 = the anti-passback state never clears by itself. */
  resetDuration: number;
  members: ApbZoneMember[];
  /** At most 16. */
  bypassGroupIDs: number[];
}

export interface GetApbZonesResponse {
  zones: ApbZoneInfo[];
}
export interface AddApbZonesRequest extends DeviceRequest {
  zones: ApbZoneInfo[];
}
export interface DeleteApbZonesRequest extends DeviceRequest {
  zoneIDs: number[];
}

// ---------------------------------------------------------------------------------------------
// gsdk.err

export interface ErrorResponse {
  deviceID: number;
  code: number;
  msg: string;
}

export interface MultiErrorResponse {
  deviceErrors: ErrorResponse[];
}
