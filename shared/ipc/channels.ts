/**
 * The names of the contract's requests and events, and their Electron channel names, without
 * any schema library: the preload imports only this, so it stays a few lines of code.
 * `contract.ts` proves these lists match its schemas exactly.
 */
export const requestNames = [
  // Operators (shared/domain/operators.ts): the session, signing in, the accounts.
  'getSession',
  'createFirstAdministrator',
  'signIn',
  'signOut',
  'lockSession',
  'unlockSession',
  'noteOperatorActivity',
  'changeOwnPassword',
  'listOperators',
  'addOperator',
  'saveOperator',
  'resetOperatorPassword',
  'removeOperator',
  'setIdleLock',
  'getAppInfo',
  'listDevices',
  'listGateways',
  'retryGateway',
  'getGatewaySettings',
  'testGateway',
  'addGateway',
  'updateGateway',
  'removeGateway',
  'setVirtualSiteEnabled',
  'chooseCaCertificate',
  'addDeviceByAddress',
  'removeDevice',
  'syncDevice',
  'syncAll',
  'wipeAndResync',
  'checkDevice',
  'compareDeviceUsers',
  'uploadDeviceUsers',
  'deleteDeviceUsers',
  'getSyncMode',
  'setSyncMode',
  'explainPlacement',
  'previewSyncMode',
  'getEventRetention',
  'setEventRetention',
  'saveEventFilter',
  'deleteEventFilter',
  'saveUser',
  'deleteUsers',
  'importUsers',
  'createAccessGroup',
  'saveAccessGroup',
  'deleteAccessGroups',
  'createAccessLevel',
  'saveAccessLevel',
  'deleteAccessLevels',
  'createSchedule',
  'saveSchedule',
  'deleteSchedules',
  'createDoor',
  'saveDoor',
  'deleteDoors',
  'createZone',
  'saveZone',
  'deleteZones',
  'describeVirtualDevice',
  'enrollAtVirtualDevice',
  'editAtVirtualDevice',
  'deleteAtVirtualDevice',
  'setVirtualDeviceNetwork',
  'describeSiteTraffic',
  'startSiteTraffic',
  'stopSiteTraffic',
] as const;
export const eventNames = ['devicesChanged', 'gatewaysChanged', 'sessionChanged'] as const;

export type RequestName = (typeof requestNames)[number];
export type EventName = (typeof eventNames)[number];

export type EventSubscriberName<K extends EventName> = `on${Capitalize<K>}`;

export function subscriberName<K extends EventName>(name: K): EventSubscriberName<K> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventSubscriberName<K>;
}

/** Electron IPC channels: one per request and per event, never chosen by the renderer. */
export const ipcRequestChannel = (name: RequestName): string => `portcullis:request:${name}`;
export const ipcEventChannel = (name: EventName): string => `portcullis:event:${name}`;
