import { drop } from '../../../shared/assert';
import { DEFAULT_SYNC_MODE, pullsFromDevices, pushesAutomatically, SYNC_MODE_TEXT, syncModeSchema, type SyncMode, type SyncModePreview } from '../../../shared/domain/syncMode';
import { deviceKey, type DeviceSync } from '../../../shared/devices';
import { USER_LIMITS } from '../../../shared/limits';
import { deviceText } from '../../../shared/deviceText';
import type { RequestHandlers } from '../../../shared/ipc/contract';
import type { EventLog, GatewayClient } from '../../gsdk';
import { EventCode } from '../../gsdk';
import type { DeviceRegistry } from '../deviceRegistry';
import type { DeviceLinkListener } from '../gatewayConnection';
import type { Store } from '../store/store';
import type { CheckResult } from './deviceChecks';
import type { DeviceProfile } from './deviceProfile';
import { DeviceSlot, type SyncOrigin } from './deviceSlot';
import { runCatchUp } from './catchUpWork';
import { runCheck } from './checkWork';
import { runPull } from './pullWork';
import { runSyncGroup } from './syncRound';
import { runWipe } from './wipeWork';
import { desiredFor, ensureProfile, type WorkContext } from './workContext';
import { DesiredIndex } from './desiredIndex';
import { compareDeviceUsers, deleteDeviceUsers, uploadDeviceUsers, type ManagedDevice } from './manageUsers';
import type { AccessTables } from './accessRecords';
import { AccessGroupRouting, GroupMembership } from './accessRouting';
import { AccessTablesCache } from './accessSync';
import { devicesAffectedByAccessChange, devicesAffectedByUserChange, type KnownDevice } from './affectedDevices';
import { ChangeCoalescer } from './changeCoalescer';
import { DeviceEventIngest } from './deviceEventIngest';
import { EventCursors } from './eventCursors';
import { JournalBook } from './journalBook';
import { explainPlacements } from './placementExplanation';
import { previewMode, type PreviewTarget } from './modePreview';
import { consoleEvent, EventWriter } from './syncEvents';
import { SyncStatusWriter } from './syncStatus';
import { DEEP_CHECK_INTERVAL_SETTING, DEFAULT_SYNC_TUNING, SYNC_MODE_SETTING, type SyncTuning } from './syncTuning';
import { isConverged } from './userDiff';
import { EVERY_USER_ON_EVERY_DEVICE, type UserRouting } from './userRouting';

export interface SyncEngineOptions {
  store: Store;
  registry: DeviceRegistry;
  /**
   * Which users belong on which device in the modes that do not route by access group; default
   * every enabled user on every device. "Specific devices" always routes by access group.
   */
  routing?: UserRouting;
  /** The automatic sync mode until one is stored in the settings (`sync.mode`), which wins. */
  initialMode?: SyncMode;
  tuning?: Partial<SyncTuning>;
  /** The console's event log writer, shared with the rest of the core; default one of the engine's own. */
  events?: EventWriter;
  now?: () => number;
  random?: () => number;
}

export type SyncHandlers = Pick<
  RequestHandlers,
  | 'syncDevice'
  | 'syncAll'
  | 'wipeAndResync'
  | 'checkDevice'
  | 'compareDeviceUsers'
  | 'uploadDeviceUsers'
  | 'deleteDeviceUsers'
  | 'getSyncMode'
  | 'setSyncMode'
  | 'explainPlacement'
  | 'previewSyncMode'
>;

const USER_TABLE_CODES: ReadonlySet<number> = new Set([
  EventCode.USER_ENROLL_SUCCESS,
  EventCode.USER_UPDATE_SUCCESS,
  EventCode.USER_DELETE_SUCCESS,
  EventCode.USER_DELETE_ALL_SUCCESS,
]);

/** Changes at a device that *All devices (including user update from device)* pulls into the console. */
const PULLED_CODES: ReadonlySet<number> = new Set([EventCode.USER_ENROLL_SUCCESS, EventCode.USER_UPDATE_SUCCESS]);

/** A user enrolled, edited or deleted at the device itself (not the echo of a console write). */
function isUserChangeAtDevice(event: EventLog): boolean {
  return event.changedOnDevice && USER_TABLE_CODES.has(event.eventCode);
}

/**
 * The sync engine (DESIGN.md §4): keeps every device's users equal to the console's desired
 * state for it, and says honestly whether they are.
 *
 * - A cheap check runs after every (re)connect, after master-data changes, and after user
 *   changes made at the device; a deep check on request and on a schedule.
 * - Syncs run when asked (operator requests, or `requestSync` from the automatic modes). Per
 *   device one job at a time; up to `maxParallelJobs` jobs at once; devices of one profile on
 *   one gateway that are due together sync together, sharing their Multi calls.
 * - Failures are bounded: backoff and a limited number of attempts, a standing error for a full
 *   device or refused records, resumption from the journal after a disconnect.
 */
export class SyncEngine implements DeviceLinkListener {
  readonly handlers: SyncHandlers;
  private readonly slots = new Map<string, DeviceSlot>();
  private readonly tuning: SyncTuning;
  private readonly context: WorkContext;
  private readonly events: EventWriter;
  private readonly ingest: DeviceEventIngest;
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly checkListeners = new Set<(key: string, sync: DeviceSync, result: CheckResult) => void>();
  private readonly deviceChangeTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private masterChangeTimer: ReturnType<typeof setTimeout> | null = null;
  private deepCheckTimer: ReturnType<typeof setInterval> | null = null;
  private tailReadTimer: ReturnType<typeof setInterval> | null = null;
  private deepCheckIntervalMs: number;
  private unsubscribeStore: (() => void) | null = null;
  private readonly now: () => number;
  /** Access group → users, for the Specific-devices routing (built only in that mode). */
  private readonly membership: GroupMembership;
  private readonly routeByGroup: UserRouting;
  private readonly routeAll: UserRouting;
  private readonly automaticChanges: ChangeCoalescer;
  private mode: SyncMode;
  /** Until the stored mode is read, nothing is pushed automatically (the stored mode may be Not used). */
  private modeRead: Promise<void> = Promise.resolve();
  private modeKnown = false;

  constructor(private readonly options: SyncEngineOptions) {
    this.tuning = { ...DEFAULT_SYNC_TUNING, ...options.tuning };
    this.now = options.now ?? Date.now;
    this.deepCheckIntervalMs = this.tuning.deepCheckIntervalMs;
    this.events = options.events ?? new EventWriter(options.store);
    const cursors = new EventCursors(options.store, this.tuning.cursorWriteEveryMs, (error) => this.backgroundFailure('storing event cursors', error));
    this.ingest = new DeviceEventIngest(options.store, {
      onStoreFailure: (error, count) => this.backgroundFailure(`storing ${count} device event(s)`, error),
      onRoom: () => this.pump(),
      maxBacklog: this.tuning.maxEventBacklog,
      logEpoch: (deviceId) => cursors.epoch(deviceId),
    });
    const access = new AccessTablesCache(options.store);
    this.membership = new GroupMembership(options.store);
    this.routeByGroup = new AccessGroupRouting(access, this.membership);
    this.routeAll = options.routing ?? EVERY_USER_ON_EVERY_DEVICE;
    this.mode = options.initialMode ?? DEFAULT_SYNC_MODE;
    this.automaticChanges = new ChangeCoalescer({ quietMs: this.tuning.autoSyncQuietMs, maxWaitMs: this.tuning.autoSyncMaxWaitMs }, (keys) => {
      if (this.pushes) this.requestSync(keys, 'automatic');
    });
    this.context = {
      store: options.store,
      journal: new JournalBook(options.store),
      cursors,
      access,
      index: new DesiredIndex(options.store),
      routing: this.routingFor(this.mode),
      mode: this.mode,
      status: new SyncStatusWriter(options.registry, this.now, this.tuning.progressEveryMs),
      events: this.events,
      tuning: this.tuning,
      now: this.now,
      signal: this.stopping.signal,
      random: options.random ?? Math.random,
      deviceName: (slot) => options.registry.get(slot.key)?.name ?? `device ${slot.deviceId}`,
      onChecked: (slot, result) => this.announceCheck(slot, result),
    };
    this.handlers = this.createHandlers();
    // A device checked out of sync (after a reconnect, a change at the device, a mode switch, a
    // new database) is synced at once in the automatic modes.
    this.onCheck((key, sync, result) => {
      if (this.pushes && sync.state === 'out-of-sync' && (!isConverged(result.diff) || sync.accessDiffers.length > 0)) this.requestSync([key], 'automatic');
    });
  }

  start(): void {
    this.unsubscribeStore = this.options.store.onChange((change) => {
      if (change.table === 'users') this.onUsersChanged(change.ids);
      else if (change.table === 'all') this.onDatabaseReplaced();
      else this.onAccessChanged();
    });
    this.modeRead = this.readMode();
    drop(this.readDeepCheckInterval(), (error) => this.backgroundFailure('reading the deep-check interval', error));
    this.deepCheckTimer = setInterval(() => this.scheduleDeepChecks(), this.tuning.deepCheckTickMs);
    if (this.tuning.logTailReadMs > 0) this.tailReadTimer = setInterval(() => this.scheduleTailReads(), this.tuning.logTailReadMs);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.unsubscribeStore?.();
    this.automaticChanges.clear();
    for (const timer of [this.pumpTimer, this.masterChangeTimer, ...this.deviceChangeTimers.values()]) if (timer) clearTimeout(timer);
    if (this.deepCheckTimer) clearInterval(this.deepCheckTimer);
    if (this.tailReadTimer) clearInterval(this.tailReadTimer);
    this.deviceChangeTimers.clear();
    await Promise.allSettled([...this.running]);
    await this.ingest.flush();
    await Promise.all([this.events.flush(), this.context.cursors.flush()]);
  }

  // --- the automatic modes ------------------------------------------------------------------

  /** The automatic sync mode in force (the stored one once read). */
  async getMode(): Promise<SyncMode> {
    await this.modeRead;
    return this.mode;
  }

  /**
   * Stores the mode and switches to it: routing by access group in Specific devices, every user
   * everywhere otherwise; every device is checked again, and in the automatic modes a device
   * that turns out to differ is synced at once (onCheck).
   */
  async setMode(mode: SyncMode, who = 'the operator'): Promise<void> {
    await this.modeRead;
    const previous = this.mode;
    await this.options.store.settings.put(SYNC_MODE_SETTING, mode);
    this.applyMode(mode);
    if (previous !== mode) {
      this.events.add(
        consoleEvent(this.now(), 'sync.modeChanged', 'info', `Automatic user synchronization changed by ${who}: ${SYNC_MODE_TEXT[previous].label} → ${SYNC_MODE_TEXT[mode].label}`, null),
      );
    }
  }

  /**
   * What switching to `mode` would write to each device, worked out as a check would (desired
   * entries of the mode's routing against the journal) without switching or asking the devices.
   * A connected device whose model is not known yet is asked for it (one small call); one not
   * connected now is estimated with the model it had when last connected (`offline`), and only
   * a device never seen connected since the console started is left out (`notConnected`).
   */
  async previewMode(mode: SyncMode): Promise<SyncModePreview> {
    await this.modeRead;
    const routing = this.previewRouting(mode);
    const targets: PreviewTarget[] = [];
    const notConnected: SyncModePreview['notConnected'] = [];
    for (const device of this.options.registry.list()) {
      const slot = this.slots.get(device.key);
      const known = slot && (await this.previewProfile(slot));
      if (!slot || !known) {
        notConnected.push({ key: device.key, deviceId: device.deviceID, name: device.name });
        continue;
      }
      const [entries, routed, journal] = await Promise.all([
        this.context.index.forCapabilities(known.profile.capabilities),
        routing.desiredUserIds(slot.gatewayId, slot.deviceId),
        this.context.journal.peek(slot.deviceId),
      ]);
      targets.push({ key: slot.key, deviceId: slot.deviceId, name: this.context.deviceName(slot), capabilities: known.profile.capabilities, entries, routed, journal, offline: known.offline });
    }
    return previewMode(this.options.store, mode, targets, notConnected);
  }

  /** The device's model for the preview: read from it when connected, else the one it last had (null: never known). */
  private async previewProfile(slot: DeviceSlot): Promise<{ profile: DeviceProfile; offline: boolean } | null> {
    const link = slot.link;
    if (link) {
      try {
        return { profile: await ensureProfile(slot, link), offline: false };
      } catch {
        // It dropped meanwhile or does not answer: like a device offline, estimated or checked when back.
      }
    }
    return slot.lastKnownProfile ? { profile: slot.lastKnownProfile, offline: true } : null;
  }

  /**
   * The candidate mode's routing. Specific devices outside that mode gets a membership of its
   * own, used once: the engine's is not kept current in the other modes (see applyMode).
   */
  private previewRouting(mode: SyncMode): UserRouting {
    if (mode !== 'specific') return this.routeAll;
    if (this.mode === 'specific') return this.routeByGroup;
    return new AccessGroupRouting(this.context.access, new GroupMembership(this.options.store));
  }

  /**
   * Whether changes go out by themselves. 'all-with-device' pushes exactly like 'all'; it also
   * pulls users changed at a device into the console first (`pulls`, pullWork.ts).
   */
  private get pushes(): boolean {
    return this.modeKnown && pushesAutomatically(this.mode) && !this.stopping.signal.aborted;
  }

  private routingFor(mode: SyncMode): UserRouting {
    return mode === 'specific' ? this.routeByGroup : this.routeAll;
  }

  /** `recheck`: whether a change of mode checks the devices here (the caller may do it later itself). */
  private applyMode(mode: SyncMode, recheck = true): void {
    const changed = recheck && (mode !== this.mode || !this.modeKnown);
    this.mode = mode;
    this.modeKnown = true;
    this.context.routing = this.routingFor(mode);
    this.context.mode = mode;
    this.automaticChanges.clear();
    // Specific devices needs to know who was in a group before a change to find the devices it affects.
    if (mode === 'specific') drop(this.membership.byGroup(), (error) => this.backgroundFailure('reading the access group members', error));
    // The other modes do not need it: no scan, and no second read of every changed user.
    else drop(this.membership.reset(), (error) => this.backgroundFailure('forgetting the access group members', error));
    if (changed) this.recheckEveryDevice();
  }

  /** The stored mode wins over the one the console started with; a store that cannot answer leaves that one. */
  private async readMode(recheck = true): Promise<void> {
    let mode = this.options.initialMode ?? DEFAULT_SYNC_MODE;
    try {
      const stored = syncModeSchema.safeParse(await this.options.store.settings.get(SYNC_MODE_SETTING));
      if (stored.success) mode = stored.data;
    } catch (error) {
      this.backgroundFailure('reading the sync mode', error);
    }
    if (!this.stopping.signal.aborted) this.applyMode(mode, recheck);
  }

  private knownDevices(): KnownDevice[] {
    return this.options.registry.list().map((device) => ({ key: device.key, deviceId: device.deviceID }));
  }

  /**
   * Queues a sync of these devices (registry keys); devices that are offline sync when they are
   * back. An automatic request skips a device whose last failure still stands (full, refused
   * records, retries used up): only the operator retries those. Returns how many were queued.
   */
  requestSync(keys: readonly string[], origin: SyncOrigin): number {
    let queued = 0;
    for (const key of keys) {
      const slot = this.slotFor(key);
      if (!slot) continue;
      if (origin === 'automatic' && slot.failure) continue;
      if (origin === 'operator') {
        slot.failure = null;
        slot.refused.clear();
        slot.attempts = 0;
        slot.notBefore = 0;
        // Pulls a standing failure held back go first, so the push does not overwrite them.
        if (slot.pendingPulls.size > 0) slot.wantsPull = true;
      }
      slot.wantsSync = slot.wantsSync === 'operator' ? 'operator' : origin;
      if (!slot.online) this.context.status.set(slot.key, (sync) => ({ ...sync, message: 'sync queued; it starts when the device is back' }));
      queued += 1;
    }
    this.pump();
    return queued;
  }

  /** Called after every completed check with the device's new state: where automatic modes decide. */
  onCheck(listener: (key: string, sync: DeviceSync, result: CheckResult) => void): () => void {
    this.checkListeners.add(listener);
    return () => this.checkListeners.delete(listener);
  }

  /** Resolves when no work is running or due and every event is stored (tests, benchmarks). */
  async whenIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 || this.pumpTimer !== null || [...this.slots.values()].some((slot) => slot.hasDueWork(this.now()))) {
      if (Date.now() > deadline) throw new Error(`sync engine still busy after ${timeoutMs} ms`);
      await Promise.race([...this.running, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
    await this.ingest.flush();
    await Promise.all([this.events.flush(), this.context.cursors.flush()]);
  }

  // --- device links (from the gateway connections) ----------------------------------------------

  deviceReady(gatewayId: string, deviceId: number, client: GatewayClient): void {
    const key = deviceKey(gatewayId, deviceId);
    let slot = this.slots.get(key);
    if (!slot) {
      slot = new DeviceSlot(key, gatewayId, deviceId);
      slot.lastDeepCheckAt = this.now();
      this.slots.set(key, slot);
    }
    slot.connect(client);
    slot.wantsCheck ??= 'cheap';
    this.pump();
  }

  deviceLost(gatewayId: string, deviceId: number): void {
    const slot = this.slots.get(deviceKey(gatewayId, deviceId));
    if (!slot?.online) return;
    // A sync cut off right now puts its request back when its call fails; say so already.
    const pending = slot.wantsSync !== null || slot.wantsWipe || this.context.status.get(slot.key)?.state === 'syncing';
    slot.disconnect();
    this.context.status.set(slot.key, (sync) => ({
      ...sync,
      state: sync.state === 'error' ? 'error' : 'unknown',
      progress: null,
      message: sync.state === 'error' ? sync.message : pending ? 'sync resumes when the device is back' : null,
    }));
  }

  /**
   * A live event: stored in the event log, then handled. A user change from a device the engine
   * has not met yet is left to its first catch-up.
   */
  deviceEvent(gatewayId: string, event: EventLog): void {
    const seenBy = this.slots.get(deviceKey(gatewayId, event.deviceID));
    // Skipped IDs were dropped on the way (the gateway's queue for this console overflowed): read them from the log.
    if (seenBy?.online && seenBy.noteLiveEvent(event.ID)) this.pump();
    if (this.ingest.full) {
      // Left in the device's log, not lost: read from there once the event log has caught up.
      if (seenBy) seenBy.missing.add(event.ID, event.ID);
      return;
    }
    this.ingest.add([event], (stored) => {
      const key = deviceKey(gatewayId, event.deviceID);
      const slot = this.slots.get(key);
      if (!slot) {
        if (stored && !isUserChangeAtDevice(event)) this.context.cursors.handled(event.deviceID, [event.ID]);
        return;
      }
      if (!stored && slot.online) {
        // The database refused it (quota, an aborted transaction): read it from the device's log
        // again while connected, once; if that is refused too, the next (re)connect reads it.
        slot.missing.add(event.ID, event.ID);
        this.pump();
      }
      if (this.takeDeviceEvent(slot, event, stored)) this.scheduleDeviceChangeCheck(key);
    });
  }

  /** A check of the device soon after user changes made there (one for a burst of them). */
  private scheduleDeviceChangeCheck(key: string): void {
    if (this.deviceChangeTimers.has(key)) return;
    this.deviceChangeTimers.set(
      key,
      setTimeout(() => {
        this.deviceChangeTimers.delete(key);
        const slot = this.slots.get(key);
        if (slot?.online) {
          // Pulls run first (startDueWork); the check then sees the device as the pull left it.
          if (slot.pendingPulls.size > 0) slot.wantsPull = true;
          slot.wantsCheck ??= 'cheap';
          this.pump();
        }
      }, this.tuning.deviceChangeDebounceMs),
    );
  }

  /**
   * What a device event means to the engine, live or from the catch-up; true when it changed
   * users at the device. Such a change is handled (its cursor may move past it) only once the
   * check it calls for has made the journal forget those users (forgetChangesAtDevice); every
   * other event is handled at once.
   */
  private takeDeviceEvent(slot: DeviceSlot, event: EventLog, stored: boolean): boolean {
    // An event that is not in the log yet is not handled: the next catch-up reads (and stores) it again.
    const handled = (): void => {
      if (stored) this.context.cursors.handled(slot.deviceId, [event.ID]);
    };
    // Our own writes come back as events too; only changes made at the device need a look.
    if (!isUserChangeAtDevice(event)) {
      handled();
      return false;
    }
    if (event.userID !== '' && event.userID.length <= USER_LIMITS.idMaxBytes) {
      if (this.pulls && PULLED_CODES.has(event.eventCode)) {
        // Enrolled or edited there: pulled into the console (pullWork.ts) rather than overwritten.
        const eventIds = slot.pendingPulls.get(event.userID) ?? [];
        if (stored) eventIds.push(event.ID);
        slot.pendingPulls.set(event.userID, eventIds);
      } else {
        slot.changedAtDevice.add(event.userID);
        if (stored) slot.changeEventIds.push(event.ID);
      }
    } else {
      // Delete-all (no user ID) or an ID no user can have: the header check that follows sees it.
      if (this.pulls && PULLED_CODES.has(event.eventCode) && event.userID !== '') this.refuseUnpullableId(slot, event);
      handled();
    }
    return true;
  }

  /**
   * A user enrolled or edited at the device under an ID too long for any user (and for User.Get to
   * name): never pulled, so the operator hears it here, once per event, as any refused record.
   */
  private refuseUnpullableId(slot: DeviceSlot, event: EventLog): void {
    const shown = `${deviceText(event.userID, USER_LIMITS.idMaxBytes)}…`;
    const reason = `user ID is longer than ${USER_LIMITS.idMaxBytes} bytes`;
    const message = `Fail to save to the server DB: user ${shown} from ${this.context.deviceName(slot)}: the device's record cannot be read: ${reason}`;
    this.context.events.add(consoleEvent(this.context.now(), 'deviceOrigin.saveFailed', 'error', message, slot.deviceId));
  }

  /** The catch-up's pages take the live events' path: stored, then handled, before the next page. */
  private async takeCaughtUpPage(slot: DeviceSlot, events: readonly EventLog[]): Promise<void> {
    if (events.length === 0) return;
    this.ingest.add(events, (stored) => {
      for (const event of events) this.takeDeviceEvent(slot, event, stored);
    });
    await this.ingest.flush();
    // Pulled before the check that follows the catch-up (DESIGN.md §4: catch up, pull, then push).
    if (slot.pendingPulls.size > 0) slot.wantsPull = true;
    // Changes found in events left behind while connected need the check a live one would have had.
    if (slot.changedAtDevice.size > 0) slot.wantsCheck ??= 'cheap';
  }

  /** Whether users changed at a device are pulled into the console (the mode says so, once read). */
  private get pulls(): boolean {
    return this.modeKnown && pullsFromDevices(this.mode);
  }

  /**
   * Runs the gathered pulls of a device; after a switch away from the pulling mode they become
   * what they are in the other modes: changes to check (and, in a pushing mode, overwrite).
   */
  private async pull(slot: DeviceSlot): Promise<void> {
    if (this.pulls) return runPull(this.context, slot);
    for (const [id, eventIds] of slot.pendingPulls) {
      slot.changedAtDevice.add(id);
      slot.changeEventIds.push(...eventIds);
    }
    slot.pendingPulls.clear();
    slot.wantsPull = false;
    slot.wantsCheck ??= 'cheap';
  }

  // --- scheduling ----------------------------------------------------------------------------

  private pump(): void {
    if (this.stopping.signal.aborted || this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = null;
      this.startDueWork();
    }, this.tuning.gatherMs);
  }

  private startDueWork(): void {
    const now = this.now();
    // Devices reached through the same gateway session and holding the same records sync together.
    const groups = new Map<GatewayClient, Map<string, DeviceSlot[]>>();
    const logReaders: DeviceSlot[] = [];
    const takePage = (device: DeviceSlot, events: readonly EventLog[]): Promise<void> => this.takeCaughtUpPage(device, events);
    for (const slot of this.slots.values()) {
      if (!slot.hasDueWork(now)) continue;
      const { link, profile } = slot;
      // After a (re)connect: the device's log first, then the check (queued at connect), then any push.
      if (slot.wantsCatchUp) this.startJob([slot], () => runCatchUp(this.context, slot, takePage, { reason: 'connect' }));
      // A pull waiting for more changes at the device goes before a check or sync that comes due
      // meanwhile: their header list shows the change, and the sync would overwrite it unread.
      else if (slot.pendingPulls.size > 0 && (slot.wantsPull || slot.wantsCheck !== null || slot.wantsSync !== null)) this.startJob([slot], () => this.pull(slot));
      else if (slot.wantsWipe) this.startJob([slot], () => runWipe(this.context, slot));
      else if (slot.wantsSync !== null && profile && link) {
        const byProfile = groups.get(link.client) ?? new Map<string, DeviceSlot[]>();
        const group = slot.syncsAlone ? `${profile.key} ${slot.key}` : profile.key;
        groups.set(link.client, byProfile.set(group, [...(byProfile.get(group) ?? []), slot]));
      } else if (slot.wantsCheck === null && slot.wantsSync === null) {
        // Only events left behind remain: read them when the event log has room, after the rest.
        if ((slot.logBehind || slot.wantsTailRead) && this.ingest.hasRoom) logReaders.push(slot);
      } else {
        // A check, or a sync that needs the device's profile first (the cheap check reads it).
        const deep = slot.wantsCheck === 'deep';
        this.startJob([slot], () => {
          slot.wantsCheck = null;
          return runCheck(this.context, slot, deep);
        });
      }
    }
    for (const slots of [...groups.values()].flatMap((byProfile) => [...byProfile.values()])) {
      for (let start = 0; start < slots.length; start += this.tuning.maxDevicesPerJob) {
        const part = slots.slice(start, start + this.tuning.maxDevicesPerJob);
        this.startJob(part, () => runSyncGroup(this.context, part));
      }
    }
    // Devices take turns (the one read longest ago first), a page each: after a long overflow every
    // device has missed events to read, and each gap starts with what matters most, the changes
    // made at the devices when the overflow began.
    for (const slot of logReaders.sort((a, b) => a.lastLogReadAt - b.lastLogReadAt)) {
      const reason = slot.logBehind ? 'behind' : 'tail';
      this.startJob([slot], () => {
        slot.lastLogReadAt = this.now();
        return runCatchUp(this.context, slot, takePage, { reason, shouldYield: () => slot.wantsSync !== null || slot.wantsWipe || slot.wantsCheck !== null || slot.wantsPull });
      });
    }
    this.scheduleRetryWake(now);
  }

  /** Starts a job if the parallel limit and its devices allow; otherwise it waits for the next round. */
  private startJob(slots: DeviceSlot[], work: () => Promise<void>): void {
    if (this.running.size >= this.tuning.maxParallelJobs) return;
    const held = slots.filter((slot) => slot.tryHold());
    if (held.length !== slots.length) {
      for (const slot of held) slot.release();
      return;
    }
    const job: Promise<void> = work()
      .catch((error: unknown) => console.error('sync engine: a job failed unexpectedly:', error))
      .finally(() => {
        this.running.delete(job);
        for (const slot of slots) slot.release();
        this.pump();
      });
    this.running.add(job);
  }

  /** Wakes the scheduler when the earliest backoff ends. */
  private scheduleRetryWake(now: number): void {
    const waits = [...this.slots.values()]
      .filter((slot) => slot.online && slot.notBefore > now && (slot.wantsSync !== null || slot.wantsCheck !== null || slot.wantsWipe))
      .map((slot) => slot.notBefore - now);
    if (waits.length === 0 || this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = null;
      this.startDueWork();
    }, Math.min(...waits));
  }

  private onUsersChanged(ids: string[]): void {
    drop(
      (async () => {
        const [, touched] = await Promise.all([this.context.index.applyUserChanges(ids), this.membership.applyUserChanges(ids)]);
        if (!this.pushes) return this.recheckAfterMasterChange();
        const tables = await this.context.access.get();
        this.automaticChanges.add(devicesAffectedByUserChange(this.mode, this.knownDevices(), touched, tables));
      })(),
      (error) => this.backgroundFailure('applying master-data changes', error),
    );
  }

  /**
   * Access groups, levels, schedules, doors or zones changed. In the automatic modes the devices
   * whose rules (and so, in Specific devices, whose users) differ between the tables before and
   * after are synced; otherwise every device is checked again.
   */
  private onAccessChanged(): void {
    const before = this.context.access.invalidate();
    if (!this.pushes) return this.recheckAfterMasterChange();
    drop(
      (async () => {
        const previous: AccessTables | null = before ? await before.catch(() => null) : null;
        const tables = await this.context.access.get();
        this.automaticChanges.add(devicesAffectedByAccessChange(this.knownDevices(), previous, tables));
      })(),
      (error) => this.backgroundFailure('applying access-rule changes', error),
    );
  }

  /**
   * Another database host took over, perhaps with another database: nothing cached from the old
   * one stands (desired state, journal digests, access rules), so every device is checked anew.
   */
  private onDatabaseReplaced(): void {
    this.context.journal.forgetAll();
    this.context.access.invalidate();
    this.automaticChanges.clear();
    // Its settings may hold another mode; until read, nothing is pushed.
    this.modeKnown = false;
    drop(
      (async () => {
        await Promise.all([this.context.index.reset(), this.membership.reset()]);
        this.modeRead = this.readMode(false);
        await this.modeRead;
        // Checked anew (once, with the changes that follow the new host's arrival); in the
        // automatic modes those that differ then sync (onCheck).
        this.recheckAfterMasterChange();
      })(),
      (error) => this.backgroundFailure('reloading after a new database host', error),
    );
  }

  /** After a mode switch: every connected device is checked now; the others are at their reconnect. */
  private recheckEveryDevice(): void {
    if (this.stopping.signal.aborted) return;
    for (const slot of this.slots.values()) if (slot.online) slot.wantsCheck ??= 'cheap';
    this.pump();
  }

  /** Every connected device is checked again once the master data has been quiet for a moment. */
  private recheckAfterMasterChange(): void {
    if (this.masterChangeTimer || this.stopping.signal.aborted) return;
    this.masterChangeTimer = setTimeout(() => {
      this.masterChangeTimer = null;
      for (const slot of this.slots.values()) if (slot.online) slot.wantsCheck ??= 'cheap';
      this.pump();
    }, this.tuning.masterChangeDebounceMs);
  }

  /** A background step failed; while stopping that is expected (the store goes away first or with us). */
  private backgroundFailure(what: string, error: unknown): void {
    if (!this.stopping.signal.aborted) console.warn(`sync engine: ${what} failed:`, error);
  }

  /**
   * Every connected device's log is read after the last event seen, now and then: the one case a
   * gap in live IDs cannot show is an event dropped with none after it (yet). A device that is
   * quiet costs one GetLog answered with nothing.
   */
  private scheduleTailReads(): void {
    let due = false;
    for (const slot of this.slots.values()) {
      if (!slot.online || slot.wantsCatchUp) continue;
      slot.wantsTailRead = true;
      due = true;
    }
    if (due) this.pump();
  }

  private scheduleDeepChecks(): void {
    drop(this.readDeepCheckInterval(), (error) => this.backgroundFailure('reading the deep-check interval', error));
    const now = this.now();
    let due = false;
    for (const slot of this.slots.values()) {
      if (!slot.online || slot.wantsCheck === 'deep' || now - slot.lastDeepCheckAt < this.deepCheckIntervalMs) continue;
      slot.wantsCheck = 'deep';
      due = true;
    }
    if (due) this.pump();
  }

  private async readDeepCheckInterval(): Promise<void> {
    const value = await this.options.store.settings.get(DEEP_CHECK_INTERVAL_SETTING);
    this.deepCheckIntervalMs = typeof value === 'number' && Number.isFinite(value) && value >= 60_000 ? value : this.tuning.deepCheckIntervalMs;
  }

  private announceCheck(slot: DeviceSlot, result: CheckResult): void {
    const sync = this.context.status.get(slot.key);
    if (!sync) return;
    for (const listener of this.checkListeners) listener(slot.key, sync, result);
  }

  // --- operator requests ---------------------------------------------------------------------

  private createHandlers(): SyncHandlers {
    return {
      syncDevice: async ({ deviceId }) => {
        this.requestSync([this.requireSlot(deviceId).key], 'operator');
        return null;
      },
      syncAll: async () => ({ queued: this.requestSync([...this.slots.keys()], 'operator') }),
      getSyncMode: async () => ({ mode: await this.getMode() }),
      setSyncMode: async ({ mode }, caller) => {
        // The audit names the operator; an in-process caller (tests) is "the operator".
        await this.setMode(mode, caller?.operator?.name ?? 'the operator');
        return null;
      },
      explainPlacement: async ({ deviceId, userIds }) => {
        this.requireKnown(deviceId);
        // The journal is read whole (the Store has no per-user read); the request is the operator's, on demand.
        const [mode, users, tables, journal] = await Promise.all([
          this.getMode(),
          this.options.store.users.get(userIds),
          this.context.access.get(),
          this.context.journal.peek(deviceId),
        ]);
        return explainPlacements({ deviceId, mode, tables, placed: new Set(journal.keys()), users: userIds.map((id, position) => ({ id, user: users[position] })) });
      },
      previewSyncMode: ({ mode }) => this.previewMode(mode),
      wipeAndResync: async ({ deviceId }) => {
        const slot = this.requireOnline(deviceId);
        slot.wantsWipe = true;
        slot.failure = null;
        slot.attempts = 0;
        slot.notBefore = 0;
        this.pump();
        return null;
      },
      checkDevice: async ({ deviceId }) => {
        const slot = this.requireOnline(deviceId);
        slot.wantsCheck = 'deep';
        slot.notBefore = 0;
        this.pump();
        return null;
      },
      compareDeviceUsers: ({ deviceId }) => this.withDevice(deviceId, (device) => compareDeviceUsers(device)),
      uploadDeviceUsers: ({ deviceId, userIds }) =>
        this.withDevice(deviceId, async (device) => {
          const result = await uploadDeviceUsers(device, userIds);
          this.events.add(...result.events);
          return { stored: result.stored, refused: result.refused };
        }),
      deleteDeviceUsers: ({ deviceId, userIds }) =>
        this.withDevice(deviceId, async (device) => {
          this.events.add(...(await deleteDeviceUsers(device, userIds)));
          return null;
        }),
    };
  }

  /** Runs an operator's Manage-users request with the device held, then re-checks it. */
  private async withDevice<T>(deviceId: number, work: (device: ManagedDevice) => Promise<T>): Promise<T> {
    const slot = this.requireOnline(deviceId);
    await slot.hold();
    try {
      const link = slot.link;
      if (!link) throw new Error(`device ${deviceId} is not connected`);
      const profile = await ensureProfile(slot, link);
      const desired = await desiredFor(this.context, slot, profile);
      return await work({
        client: link.client,
        store: this.options.store,
        journal: this.context.journal,
        deviceId,
        deviceName: this.context.deviceName(slot),
        capabilities: profile.capabilities,
        desired,
        readBatch: this.tuning.readBatchUsers,
        now: this.now,
      });
    } finally {
      slot.wantsCheck ??= 'cheap';
      slot.release();
      this.pump();
    }
  }

  private slotFor(key: string): DeviceSlot | undefined {
    let slot = this.slots.get(key);
    if (!slot) {
      // A device the registry shows but that never connected: remember the request for when it does.
      const device = this.options.registry.get(key);
      if (!device) return undefined;
      slot = new DeviceSlot(key, device.gatewayId, device.deviceID);
      slot.lastDeepCheckAt = this.now();
      this.slots.set(key, slot);
    }
    return slot;
  }

  private requireSlot(deviceId: number): DeviceSlot {
    const matches = [...this.slots.values()].filter((slot) => slot.deviceId === deviceId);
    const slot = matches.find((candidate) => candidate.online) ?? matches[0];
    if (slot) return slot;
    const device = this.options.registry.list().find((view) => view.deviceID === deviceId);
    const known = device && this.slotFor(device.key);
    if (!known) throw new Error(`no device ${deviceId}`);
    return known;
  }

  /** A device the console knows (connected now or before); asking about any other is a mistake worth saying. */
  private requireKnown(deviceId: number): void {
    const known = [...this.slots.values()].some((slot) => slot.deviceId === deviceId) || this.options.registry.list().some((view) => view.deviceID === deviceId);
    if (!known) throw new Error(`no device ${deviceId}`);
  }

  private requireOnline(deviceId: number): DeviceSlot {
    const slot = this.requireSlot(deviceId);
    if (!slot.online) throw new Error(`device ${deviceId} is not connected`);
    return slot;
  }
}
