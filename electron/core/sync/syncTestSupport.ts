/**
 * For the sync engine's tests (not used by product code): a console core with the real store
 * (the Dexie database host over fake-indexeddb) against a virtual gateway over real gRPC on
 * loopback, users with realistic credentials, and assertions on what devices hold.
 */
import { randomBytes } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach } from 'vitest';
import type { Door } from '../../../shared/domain/access';
import { recordHash } from './recordHash';
import { blankUser, type User } from '../../../shared/domain/user';
import type { DeviceSync } from '../../../shared/devices';
import type { SyncMode } from '../../../shared/domain/syncMode';
import type { UserIdPolicy } from '../../../shared/limits';
import { VirtualGateway, type SimDeviceSpec } from '../../sim/virtualGateway';
import { ConsoleCore, type ConsoleCoreOptions } from '../consoleCore';
import { DatabaseFaults } from '../store/databaseFaults';
import { openInProcessStore, type InProcessStore } from '../store/inProcessStore';
import { TcpRelay } from '../tcpRelay';
import type { Store } from '../store/store';
import { profileFromCapability } from './deviceProfile';
import type { SyncEngine } from './syncEngine';
import type { SyncTuning } from './syncTuning';
import { desiredRecord, fromUserInfo } from './userInfoCodec';

export const GATEWAY_ID = 'site';

/** Waits short enough for tests; the logic is the production one. */
export const FAST_SYNC: Partial<SyncTuning> = {
  gatherMs: 5,
  masterChangeDebounceMs: 20,
  deviceChangeDebounceMs: 20,
  autoSyncQuietMs: 40,
  autoSyncMaxWaitMs: 300,
  progressEveryMs: 0,
  retry: { initialMs: 40, maxMs: 200, factor: 2, jitter: 0 },
  maxAttempts: 3,
  cursorWriteEveryMs: 20,
};

export const FAST_CONNECTION = {
  backoff: { initialMs: 50, maxMs: 300, factor: 2, jitter: 0 },
  readyTimeoutMs: 1_500,
  listRefreshMs: 500,
  userCountDebounceMs: 20,
};

export interface SyncHarness {
  site: VirtualGateway;
  /** The database host serving the console now (a new one after `crashCore`, on the same IndexedDB). */
  database: InProcessStore;
  /** What the database host's IndexedDB answers: make it refuse writes (databaseFaults.ts). */
  faults: DatabaseFaults;
  core: ConsoleCore;
  engine: SyncEngine;
  key(deviceId: number): string;
  sync(deviceId: number): DeviceSync | undefined;
  /**
   * Stops the console and starts a new one on the same database and gateway (a restart of the
   * app); `whileStopped` runs in between (what happens at the site while the console is away).
   */
  restartCore(whileStopped?: () => void | Promise<void>): Promise<void>;
  /**
   * Kills the console (needs `crashable`), then starts a new one: no orderly stop. Its gateway
   * connections are cut mid-call, its database host dies with it (write transactions not yet
   * committed are aborted, queued requests never run, unsent events and cursors are gone), and
   * only what IndexedDB had committed is there for the new database host and core.
   * `whileDown` runs in between.
   */
  crashCore(whileDown?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  devices: SimDeviceSpec[];
  users?: User[];
  tuning?: Partial<SyncTuning>;
  userIdPolicy?: UserIdPolicy;
  /** The automatic sync mode the console starts in (a stored `sync.mode` wins). */
  syncMode?: SyncMode;
  /** Writes more master data (access tables, settings) before the console starts. */
  seed?: (store: Store) => Promise<void>;
  /** Each core reaches the gateway through a relay that `crashCore` cuts. */
  crashable?: boolean;
  /** Over FAST_CONNECTION (e.g. a gateway client with shorter deadlines). */
  connection?: ConsoleCoreOptions['connection'];
}

export async function startSyncHarness(options: HarnessOptions): Promise<SyncHarness> {
  const site = await VirtualGateway.start({ port: 0, tls: null, devices: options.devices });
  // The "disk": every database host of this harness opens the same IndexedDB.
  const disk = new IDBFactory();
  const faults = new DatabaseFaults();
  const openDatabase = (): Promise<InProcessStore> =>
    openInProcessStore({ indexedDB: disk, IDBKeyRange }, { userIdPolicy: options.userIdPolicy ?? 'numeric', middleware: [faults.middleware] });
  const database = await openDatabase();
  if (options.users && options.users.length > 0) {
    const { refused } = await database.store.users.put(options.users);
    if (refused.length > 0) throw new Error(`seed users refused: ${JSON.stringify(refused.slice(0, 3))}`);
  }
  await options.seed?.(database.store);
  let relay: TcpRelay | null = null;
  /** Killed cores: cut off from the gateway and the database, stopped only to end their timers. */
  const killed: Promise<void>[] = [];
  const startCore = async (store: Store): Promise<{ core: ConsoleCore; engine: SyncEngine }> => {
    relay = options.crashable ? await TcpRelay.start({ host: '127.0.0.1', port: site.grpcPort }) : null;
    const core = new ConsoleCore({
      gateways: [{ id: GATEWAY_ID, label: 'Test site', kind: 'virtual', host: '127.0.0.1', port: relay?.port ?? site.grpcPort, caCert: null }],
      appInfo: { version: 'test', shell: 'host', virtualSite: null },
      store,
      connection: { ...FAST_CONNECTION, ...options.connection },
      sync: { ...FAST_SYNC, ...options.tuning },
      ...(options.syncMode ? { syncMode: options.syncMode } : {}),
    });
    const engine = core.sync;
    if (!engine) throw new Error('the core has no sync engine');
    core.start();
    return { core, engine };
  };
  const key = (deviceId: number): string => `${GATEWAY_ID}/${deviceId}`;
  const harness: SyncHarness = {
    site,
    database,
    faults,
    ...(await startCore(database.store)),
    key,
    sync: (deviceId) => harness.core.registry.get(key(deviceId))?.sync,
    async restartCore(whileStopped) {
      await harness.core.stop();
      await relay?.cut();
      await whileStopped?.();
      Object.assign(harness, await startCore(harness.database.store));
    },
    async crashCore(whileDown) {
      if (!relay) throw new Error('crashCore needs a harness started with crashable: true');
      const dead = harness.core;
      await relay.cut();
      faults.abortOpenWrites();
      await harness.database.close();
      // Nothing it does from here reaches the gateway or the database; stopping it only ends its timers.
      killed.push(dead.stop().catch(() => {}));
      await whileDown?.();
      harness.database = await openDatabase();
      Object.assign(harness, await startCore(harness.database.store));
    },
    async close() {
      await harness.core.stop();
      await Promise.all(killed);
      await relay?.cut();
      await harness.database.close();
      await site.stop();
    },
  };
  return harness;
}

/** Resolves when `check` holds, re-checked on every change the core pushes (and every 20 ms). */
export async function waitFor(harness: SyncHarness, check: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  if (check()) return;
  await new Promise<void>((resolve, reject) => {
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      clearInterval(poll);
      unsubscribe();
      if (error) reject(error);
      else resolve();
    };
    const test = (): void => {
      if (check()) finish();
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), timeoutMs);
    // Backoff waits and device-side changes surface without a push of their own.
    const poll = setInterval(test, 20);
    const unsubscribe = harness.core.subscribe({ emit: test });
  });
}

export function waitForState(harness: SyncHarness, deviceId: number, state: DeviceSync['state'], timeoutMs?: number): Promise<void> {
  return waitFor(harness, () => harness.sync(deviceId)?.state === state, `device ${deviceId} to be ${state} (is ${JSON.stringify(harness.sync(deviceId))})`, timeoutMs);
}

const b64 = (bytes: number): string => randomBytes(bytes).toString('base64');

/** A user as a site enrolls one: a card and `fingers` fingerprints (two 384-byte templates each), a face, a PIN. */
/** For a test file: starts harnesses, each closed after the test that started it. */
export function harnessesClosedAfterEach(): (options: HarnessOptions) => Promise<SyncHarness> {
  const open: SyncHarness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  return async (options) => {
    const started = await startSyncHarness(options);
    open.push(started);
    return started;
  };
}

/** A door on relay 0 with no sensor or exit button and the default timing. */
export function siteDoor(id: number, entryDeviceId: number, exitDeviceId: number | null = null, name = `Door ${id}`): Door {
  return { id, name, entryDeviceId, exitDeviceId, relayPort: 0, sensor: null, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 };
}

/** A site user in these access groups. */
export function groupMember(id: string, accessGroupIds: number[], disabled = false): User {
  return { ...siteUser(id), accessGroupIds, disabled };
}

export function siteUser(id: string, fingers = 1): User {
  return {
    ...blankUser(id, 1),
    name: `User ${id}`,
    pinHash: b64(32),
    cards: [{ type: 1, data: b64(4) }],
    fingers: Array.from({ length: fingers }, (_, index) => ({ index, flag: 0, templates: [b64(384), b64(384)] })),
    faces: [{ index: 0, flag: 0, templates: [b64(552)] }],
    accessGroupIds: [1],
  };
}

export function siteUsers(count: number, firstId = 1): User[] {
  return Array.from({ length: count }, (_, i) => siteUser(String(firstId + i)));
}

/**
 * Compares what a device holds with what the console wants there: every wanted user present with
 * an identical record (hash), no console user that should not be there. Users in `keep` (only on
 * the device) must still be there. Returns the differences, empty when the device is right.
 */
/** What a comparison of device tables with the database needs (a harness, or a console started otherwise against a virtual gateway). */
export type SiteAndDatabase = Pick<SyncHarness, 'site' | 'database'>;

export async function deviceDifferences(harness: SiteAndDatabase, deviceId: number, keep: readonly string[] = []): Promise<string[]> {
  const device = harness.site.device(deviceId);
  if (!device) return [`no device ${deviceId}`];
  const { capabilities } = profileFromCapability(device.capability());
  const wanted = new Map<string, string>();
  const consoleIds = new Set<string>();
  for await (const users of harness.database.store.users.scan()) {
    for (const user of users) {
      consoleIds.add(user.id);
      const record = desiredRecord(user, capabilities);
      if (record) wanted.set(user.id, recordHash(record));
    }
  }
  const problems: string[] = [];
  const held = new Map<string, string>();
  for (const info of device.users()) {
    const reading = fromUserInfo(info);
    held.set(info.hdr.ID, reading.ok ? recordHash(reading.record) : `unreadable: ${reading.reason}`);
  }
  for (const [id, hash] of wanted) {
    const actual = held.get(id);
    if (actual === undefined) problems.push(`user ${id} missing`);
    else if (actual !== hash) problems.push(`user ${id} differs`);
  }
  for (const id of held.keys()) {
    if (!wanted.has(id) && consoleIds.has(id)) problems.push(`user ${id} should not be there`);
    if (!wanted.has(id) && !consoleIds.has(id) && !keep.includes(id)) problems.push(`user ${id} is on the device but nobody kept it`);
  }
  for (const id of keep) if (!held.has(id)) problems.push(`user ${id} (only on the device) was lost`);
  return problems;
}

/**
 * Compares a device's journal with what it holds: every user it holds, with the hash of the
 * record it holds, and nothing else. Returns the differences, empty when they agree.
 */
export async function journalDifferences(harness: SyncHarness, deviceId: number): Promise<string[]> {
  const device = harness.site.device(deviceId);
  if (!device) return [`no device ${deviceId}`];
  const journal = await harness.database.store.journal.read(deviceId);
  const problems: string[] = [];
  const held = new Set<string>();
  for (const info of device.users()) {
    held.add(info.hdr.ID);
    const reading = fromUserInfo(info);
    const entry = journal.get(info.hdr.ID);
    if (!reading.ok) problems.push(`user ${info.hdr.ID} is unreadable: ${reading.reason}`);
    else if (entry === undefined) problems.push(`user ${info.hdr.ID} is held but not in the journal`);
    else if (entry !== recordHash(reading.record)) problems.push(`user ${info.hdr.ID} differs from its journal entry`);
  }
  for (const id of journal.keys()) if (!held.has(id)) problems.push(`user ${id} is in the journal but not held`);
  return problems;
}

/** Waits until every device holds what the console wants there (`deviceDifferences`); says what differs if it never does. */
export async function devicesMatchConsole(harness: SyncHarness, deviceIds: readonly number[], what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const differences = (await Promise.all(deviceIds.map(async (id) => (await deviceDifferences(harness, id)).map((text) => `${id}: ${text}`)))).flat();
    if (differences.length === 0) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${differences.slice(0, 10).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every user of the master copy, in ID order. */
export async function consoleUsers(harness: SyncHarness): Promise<User[]> {
  const users: User[] = [];
  for await (const batch of harness.database.store.users.scan()) users.push(...batch);
  return users;
}

/** The IDs of the users a virtual device holds, sorted. */
export function heldUserIds(harness: SyncHarness, deviceId: number): string[] {
  return (harness.site.device(deviceId)?.users() ?? []).map((info) => info.hdr.ID).sort();
}

/** Resolves when every device holds exactly the given users (sorted IDs), by the virtual gateway's tables. */
export function waitForHeld(harness: SyncHarness, expected: Record<number, string[]>, what: string, timeoutMs?: number): Promise<void> {
  const matches = (): boolean => Object.entries(expected).every(([deviceId, ids]) => JSON.stringify(heldUserIds(harness, Number(deviceId))) === JSON.stringify([...ids].sort()));
  const actual = (): string => JSON.stringify(Object.fromEntries(Object.keys(expected).map((deviceId) => [deviceId, heldUserIds(harness, Number(deviceId))])));
  return waitFor(harness, matches, what, timeoutMs).catch((error: unknown) => {
    throw new Error(`${String(error)}: expected ${JSON.stringify(expected)}, the devices hold ${actual()}`);
  });
}

/**
 * Resolves when each device holds exactly what the console wants there (deviceDifferences, with
 * `keep` per device: users only on it); fails saying what still differs.
 */
export async function waitForDevicesToMatch(h: SiteAndDatabase, deviceIds: readonly number[], what: string, keep: Partial<Record<number, string[]>> = {}, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const differences = (await Promise.all(deviceIds.map(async (id) => (await deviceDifferences(h, id, keep[id] ?? [])).map((text) => `${id}: ${text}`)))).flat();
    if (differences.length === 0) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${differences.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
