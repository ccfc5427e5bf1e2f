import type { GatewayClient } from '../../gsdk';
import type { AccessCheck } from './accessSync';
import type { DeviceProfile } from './deviceProfile';
import { MissingEvents } from './missingEvents';

/** Who asked for a sync: the operator (always runs) or an automatic mode (skips a device in error). */
export type SyncOrigin = 'operator' | 'automatic';

/** The live connection to a device: valid until the gateway session or the device drops. */
export interface DeviceLink {
  client: GatewayClient;
  /** Increases with every (re)connect, so work of an old connection can tell it is stale. */
  session: number;
}

/**
 * What the engine knows and wants of one device. Everything here is memory only: after a
 * restart the journal (in the Store) is the truth, and the first check rebuilds the rest.
 */
export class DeviceSlot {
  link: DeviceLink | null = null;
  profile: DeviceProfile | null = null;
  /**
   * The model last read from the device. Unlike `profile` it survives disconnects, so what the
   * device would get can be estimated while it is away (the mode preview); work on the device
   * itself always reads the profile anew.
   */
  lastKnownProfile: DeviceProfile | null = null;
  wantsSync: SyncOrigin | null = null;
  wantsWipe = false;
  wantsCheck: 'cheap' | 'deep' | null = null;
  /** Failed attempts in a row (sync or check); reset by success and by a reconnect. */
  attempts = 0;
  /** No automatic work before this time (backoff). */
  notBefore = 0;
  /** A failure that stands until the operator acts (full device, refused records, retries used up). */
  failure: string | null = null;
  /** Records this device refused, by user ID → hash; an automatic sync does not send them again. */
  readonly refused = new Map<string, string>();
  /**
   * Users changed at the device (its own events say so): what the journal says the console
   * wrote there is no longer what the device holds, even where the header counts still agree.
   */
  readonly changedAtDevice = new Set<string>();
  /** The device events behind `changedAtDevice`: handled once the journal forgot those users. */
  readonly changeEventIds: number[] = [];
  /** The device's event log is to be read from the stored cursor before anything else (set at connect). */
  wantsCatchUp = false;
  /**
   * Events in the device's log that never arrived live (left there while the event log's backlog
   * was full, or skipped by the live stream): read exactly these when there is room.
   */
  readonly missing = new MissingEvents();
  /**
   * The highest event ID seen from the device on this connection, live or read from its log; null
   * until the first live event or the end of the connect's read, whichever comes first. Device
   * event IDs run on one by one, so a live event beyond the next one means the stream dropped some
   * (a gateway discards events once the console's queue is full).
   */
  lastSeenEventId: number | null = null;
  /** The first live event's ID when it came before the connect's read knew where the log ended. */
  private firstLiveEventId: number | null = null;
  /** Events the live stream skipped since the log was last read (for the log line that reads them back). */
  missedLive = 0;
  /**
   * Read the log after `lastSeenEventId`: an event the stream dropped last has no later one to
   * reveal the gap, so the engine reads each device's log tail now and then (`logTailReadMs`).
   */
  wantsTailRead = false;
  /** When a read of missed events or of the log's tail last started here: devices take turns by it. */
  lastLogReadAt = 0;
  /**
   * *All devices (including user update from device)*: users enrolled or edited at the device,
   * to pull into the console; user ID → the device events that said so (handled once merged).
   */
  readonly pendingPulls = new Map<string, number[]>();
  /** The gathered pulls are due: a moment after the first change of a burst, or at once after a catch-up. */
  wantsPull = false;
  /**
   * A call this device shared with others failed while it stayed connected (a deadline passed):
   * on this connection it syncs in a job of its own, so a slow device cannot make the calls of
   * the devices beside it time out, or pace them. Reset at every (re)connect.
   */
  syncsAlone = false;
  lastDeepCheckAt = 0;
  /** The device's access rules as last read: reused by a sync round that follows soon after. */
  lastAccessCheck: { session: number; tablesVersion: number; at: number; check: AccessCheck } | null = null;
  private sessions = 0;
  private held = false;
  private readonly waiters: (() => void)[] = [];

  constructor(
    readonly key: string,
    readonly gatewayId: string,
    readonly deviceId: number,
  ) {}

  get online(): boolean {
    return this.link !== null;
  }

  get busy(): boolean {
    return this.held;
  }

  connect(client: GatewayClient): void {
    this.sessions += 1;
    this.link = { client, session: this.sessions };
    // The model behind an address can change between connections; read it again.
    this.profile = null;
    this.attempts = 0;
    this.notBefore = 0;
    this.wantsCatchUp = true;
    // The connect's catch-up reads the log up to now; live IDs are compared from there on.
    this.lastSeenEventId = null;
    this.firstLiveEventId = null;
    this.wantsTailRead = false;
    this.missing.clear();
    this.syncsAlone = false;
  }

  /** Events to read from the device's log (`missing`). */
  get logBehind(): boolean {
    return !this.missing.isEmpty;
  }

  /** A live event of this connection; true when its ID shows the stream skipped events before it. */
  noteLiveEvent(eventId: number): boolean {
    const seen = this.lastSeenEventId;
    if (seen === null) {
      this.firstLiveEventId = eventId;
      this.lastSeenEventId = eventId;
      return false;
    }
    return this.noteSeen(seen, eventId);
  }

  /**
   * The connect's read reached the end of the log at `lastId` (the cursor's position if it read
   * nothing). A first live event beyond the next one, or any live event later beyond it, shows
   * what the stream dropped: a device whose every live event was dropped before this point still
   * has its gap found (the log end is known now, not "nothing seen").
   */
  noteLogEnd(lastId: number): void {
    const firstLive = this.firstLiveEventId;
    this.firstLiveEventId = null;
    if (firstLive !== null && firstLive > lastId + 1) this.skippedLive(lastId + 1, firstLive - 1);
    this.lastSeenEventId = Math.max(this.lastSeenEventId ?? 0, lastId);
  }

  /**
   * An event read from the log: seen, but it says nothing of what the stream dropped. Before the
   * first live event the connect's read is still going, and only its end (noteLogEnd) counts.
   */
  noteRead(eventId: number): void {
    if (this.lastSeenEventId !== null) this.lastSeenEventId = Math.max(this.lastSeenEventId, eventId);
  }

  private noteSeen(seen: number, eventId: number): boolean {
    const skipped = eventId > seen + 1;
    if (skipped) this.skippedLive(seen + 1, eventId - 1);
    this.lastSeenEventId = Math.max(seen, eventId);
    return skipped;
  }
  /** The live stream never brought events `from`..`to`: they are read from the log, and said so. */
  private skippedLive(from: number, to: number): void {
    this.missedLive += to - from + 1;
    this.missing.add(from, to);
  }


  disconnect(): void {
    this.link = null;
    this.profile = null;
  }

  /** True when the device waits for work the scheduler may start now. */
  hasDueWork(now: number): boolean {
    return this.online && !this.held && this.notBefore <= now && (this.wantsCatchUp || this.logBehind || this.wantsTailRead || (this.wantsPull && this.pendingPulls.size > 0) || this.wantsWipe || this.wantsSync !== null || this.wantsCheck !== null);
  }

  /** Takes the device for one job if it is free; the scheduler's way in. */
  tryHold(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /** Waits for the device and takes it: the way in for operator requests (Manage users). */
  async hold(): Promise<void> {
    if (this.tryHold()) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Hands the device to the next waiter, or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}
