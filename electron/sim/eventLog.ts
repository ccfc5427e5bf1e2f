import type { EventLog } from '../gsdk/messages';

export interface NewEvent {
  eventCode: number;
  userID?: string;
  subCode?: number;
  entityID?: number;
  tnaKey?: number;
  hasImage?: boolean;
  changedOnDevice?: boolean;
  /** Unix seconds; default now. */
  timestamp?: number;
}

const CHUNK_SIZE = 4096;
/** timestamp, eventCode, subCode, entityID, tnaKey. */
const NUMBERS_PER_EVENT = 5;
const HAS_IMAGE = 1;
const CHANGED_ON_DEVICE = 2;

interface Chunk {
  numbers: Uint32Array;
  flags: Uint8Array;
  userIDs: string[];
}

/**
 * One device's event log. IDs start at 1 and increase by one, so ID n sits at index n - 1.
 * Events are stored in columns (about 30 bytes each instead of ~110 for an object) because a
 * benchmark fleet logs millions of them: every user written to every device is one event.
 */
export class DeviceEventLog {
  private readonly chunks: Chunk[] = [];
  private count = 0;
  /** Chunks dropped from the front (a log that keeps only its newest events). */
  private droppedChunks = 0;
  /** Index of the oldest event still held (0 until the log wraps). */
  private firstIndex = 0;

  /** `capacity`: events kept at most, the oldest overwritten beyond (0: every event, the default). */
  constructor(
    private readonly deviceID: number,
    private capacity = 0,
  ) {}

  /** ID of the newest event; 0 when the log is empty. */
  get lastID(): number {
    return this.count;
  }

  /** ID of the oldest event still in the log (1 until it wraps; lastID + 1 when empty). */
  get firstID(): number {
    return this.firstIndex + 1;
  }

  /** Keeps at most `capacity` events from now on (0: all); older ones are overwritten, as a real device's log store wraps. */
  setCapacity(capacity: number): void {
    this.capacity = capacity;
    this.forgetOverwritten();
  }

  get eventCapacity(): number {
    return this.capacity;
  }

  append(event: NewEvent): EventLog {
    const index = this.count;
    const offset = index % CHUNK_SIZE;
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || offset === 0) {
      chunk = { numbers: new Uint32Array(CHUNK_SIZE * NUMBERS_PER_EVENT), flags: new Uint8Array(CHUNK_SIZE), userIDs: [] };
      this.chunks.push(chunk);
    }
    const base = offset * NUMBERS_PER_EVENT;
    chunk.numbers[base] = event.timestamp ?? Math.floor(Date.now() / 1000);
    chunk.numbers[base + 1] = event.eventCode;
    chunk.numbers[base + 2] = event.subCode ?? 0;
    chunk.numbers[base + 3] = event.entityID ?? 0;
    chunk.numbers[base + 4] = event.tnaKey ?? 0;
    chunk.flags[offset] = (event.hasImage ? HAS_IMAGE : 0) | (event.changedOnDevice ? CHANGED_ON_DEVICE : 0);
    chunk.userIDs[offset] = event.userID ?? '';
    this.count += 1;
    const logged = this.at(index);
    this.forgetOverwritten();
    return logged;
  }

  private forgetOverwritten(): void {
    if (this.capacity <= 0 || this.count - this.firstIndex <= this.capacity) return;
    this.firstIndex = this.count - this.capacity;
    // Whole chunks below the oldest event kept are let go; the rest of a chunk stays unread.
    while (Math.floor(this.firstIndex / CHUNK_SIZE) > this.droppedChunks) {
      this.chunks.shift();
      this.droppedChunks += 1;
    }
  }

  /**
   * Events with ID >= startEventID (0 = from the first), at most maxCount of them (0 = all). A
   * start the log no longer holds (overwritten) reads from the oldest event kept.
   */
  read(startEventID: number, maxCount: number): EventLog[] {
    const first = Math.max(Math.max(startEventID, 1) - 1, this.firstIndex);
    const end = maxCount > 0 ? Math.min(this.count, first + maxCount) : this.count;
    const events: EventLog[] = [];
    for (let index = first; index < end; index++) events.push(this.at(index));
    return events;
  }

  private at(index: number): EventLog {
    const chunk = this.chunks[Math.floor(index / CHUNK_SIZE) - this.droppedChunks];
    if (!chunk) throw new RangeError(`event index ${index} is outside the log`);
    const offset = index % CHUNK_SIZE;
    const base = offset * NUMBERS_PER_EVENT;
    const flags = chunk.flags[offset] ?? 0;
    return {
      ID: index + 1,
      timestamp: chunk.numbers[base] ?? 0,
      deviceID: this.deviceID,
      userID: chunk.userIDs[offset] ?? '',
      entityID: chunk.numbers[base + 3] ?? 0,
      eventCode: chunk.numbers[base + 1] ?? 0,
      subCode: chunk.numbers[base + 2] ?? 0,
      tnaKey: chunk.numbers[base + 4] ?? 0,
      hasImage: (flags & HAS_IMAGE) !== 0,
      changedOnDevice: (flags & CHANGED_ON_DEVICE) !== 0,
    };
  }
}
