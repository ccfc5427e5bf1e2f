import type { OperatorRole } from '../domain/operators';
import type { RequestName } from './channels';

/**
 * Who may make each request of the contract: the one table the dispatcher (dispatch.ts) enforces
 * for every request, in Electron's main process and in the dev/test host alike, and the window
 * reads to hide what its operator may not do. `satisfies Record<RequestName, …>` makes a request
 * without an entry a compile error; requestAccess.test.ts checks it at run time too.
 *
 * - `anyone`: no operator needed (the session's state, signing in, the first start).
 * - `signedIn`: any operator signed in on the session, even while it is locked (unlocking,
 *   signing out).
 * - a role: an unlocked session whose operator has that role or a higher one
 *   (Monitoring operator < User operator < Administrator).
 *
 * `action`: the request changes something (the master copy, a device, a setting, an account).
 * An action is audited and counts as the operator's activity for the idle lock; a read is
 * neither, since the window reads by itself (polls, refreshes) without anyone at it.
 *
 * Decisions, beyond the three sentences:
 * - A User operator may sync (a device, all of them, a deep check) and manage the users on a
 *   device (upload to the console, delete from the device), and act at a virtual device as a
 *   person enrolling there: these are how users reach the doors. Wipe & resync (it empties a
 *   device first), the sync mode, retention, operators, the idle lock, the virtual site's
 *   network cable and traffic are an Administrator's, as is the preview of a mode switch.
 * - A Monitoring operator reads devices (their state, why a user is placed there, the virtual
 *   site's devices and traffic) and the logs, and may keep the Event log's saved filters (a
 *   view of the log, shared by every operator, that changes no device and no record).
 *   Comparing a device's users with the console's lists user names: a User operator's.
 * - The gateways (Settings → Device gateways: testing one, choosing its CA, switching the
 *   virtual site) and adding or removing a device through a gateway are an Administrator's.
 * - Every signed-in operator may lock their screen, change their own password, and say they
 *   are active.
 */
export type RequestAccess = 'anyone' | 'signedIn' | OperatorRole;

export interface RequestRule {
  readonly access: RequestAccess;
  readonly action: boolean;
}

const read = (access: RequestAccess): RequestRule => ({ access, action: false });
const action = (access: RequestAccess): RequestRule => ({ access, action: true });

export const requestAccess = {
  getSession: read('anyone'),
  createFirstAdministrator: action('anyone'),
  signIn: action('anyone'),
  signOut: action('signedIn'),
  unlockSession: action('signedIn'),
  lockSession: action('monitoringOperator'),
  noteOperatorActivity: read('monitoringOperator'),
  changeOwnPassword: action('monitoringOperator'),
  listOperators: read('administrator'),
  addOperator: action('administrator'),
  saveOperator: action('administrator'),
  resetOperatorPassword: action('administrator'),
  removeOperator: action('administrator'),
  setIdleLock: action('administrator'),

  getAppInfo: read('monitoringOperator'),
  listDevices: read('monitoringOperator'),
  listGateways: read('monitoringOperator'),
  retryGateway: action('userOperator'),
  syncDevice: action('userOperator'),
  syncAll: action('userOperator'),
  wipeAndResync: action('administrator'),
  checkDevice: action('userOperator'),
  compareDeviceUsers: read('userOperator'),
  uploadDeviceUsers: action('userOperator'),
  deleteDeviceUsers: action('userOperator'),
  getSyncMode: read('monitoringOperator'),
  setSyncMode: action('administrator'),
  explainPlacement: read('monitoringOperator'),
  previewSyncMode: read('administrator'),
  getEventRetention: read('monitoringOperator'),
  setEventRetention: action('administrator'),
  saveEventFilter: action('monitoringOperator'),
  deleteEventFilter: action('monitoringOperator'),

  saveUser: action('userOperator'),
  deleteUsers: action('userOperator'),
  importUsers: action('userOperator'),
  createAccessGroup: action('userOperator'),
  saveAccessGroup: action('userOperator'),
  deleteAccessGroups: action('userOperator'),
  createAccessLevel: action('userOperator'),
  saveAccessLevel: action('userOperator'),
  deleteAccessLevels: action('userOperator'),
  createSchedule: action('userOperator'),
  saveSchedule: action('userOperator'),
  deleteSchedules: action('userOperator'),
  createDoor: action('userOperator'),
  saveDoor: action('userOperator'),
  deleteDoors: action('userOperator'),
  createZone: action('userOperator'),
  saveZone: action('userOperator'),
  deleteZones: action('userOperator'),

  getGatewaySettings: read('administrator'),
  testGateway: read('administrator'),
  chooseCaCertificate: read('administrator'),
  addGateway: action('administrator'),
  updateGateway: action('administrator'),
  removeGateway: action('administrator'),
  setVirtualSiteEnabled: action('administrator'),
  addDeviceByAddress: action('administrator'),
  removeDevice: action('administrator'),

  describeVirtualDevice: read('monitoringOperator'),
  enrollAtVirtualDevice: action('userOperator'),
  editAtVirtualDevice: action('userOperator'),
  deleteAtVirtualDevice: action('userOperator'),
  setVirtualDeviceNetwork: action('administrator'),
  describeSiteTraffic: read('monitoringOperator'),
  startSiteTraffic: action('administrator'),
  stopSiteTraffic: action('administrator'),
} as const satisfies Record<RequestName, RequestRule>;

/** The rule for a request (a name of the contract; the dispatcher refuses other names before). */
export function ruleOf(name: RequestName): RequestRule {
  return requestAccess[name];
}
