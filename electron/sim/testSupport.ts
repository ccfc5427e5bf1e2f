/**
 * Helpers for the gsdk and sim tests (not used by product code): users with real bytes, access
 * rules, and a collector that reads a GatewayStream in the background so tests can wait for what
 * it carries.
 */
import { randomBytes } from 'node:crypto';
import { ApbReaderType, ApbZoneType, CardType, SwitchType } from '../gsdk/messages';
import type { AccessGroup, AccessLevel, ApbZoneInfo, DoorInfo, ScheduleInfo, TimePeriod, UserInfo } from '../gsdk/messages';
import type { GatewayStream } from '../gsdk/gatewayStream';

export interface TestUserShape {
  name?: string;
  cards?: number;
  fingers?: number;
  faces?: number;
  accessGroupIDs?: number[];
}

/** A user with `cards` cards and `fingers` fingerprints of random bytes (2 templates each). */
export function testUser(id: string, shape: TestUserShape = {}): UserInfo {
  return {
    hdr: { ID: id, numOfCard: 0, numOfFinger: 0, numOfFace: 0, authGroupID: 0, updateMask: 0 },
    setting: { startTime: 0, endTime: 0, biometricAuthMode: 0, cardAuthMode: 0, IDAuthMode: 0, securityLevel: 0 },
    name: shape.name ?? `User ${id}`,
    cards: Array.from({ length: shape.cards ?? 1 }, () => ({ type: CardType.CSN, size: 4, data: randomBytes(4) })),
    fingers: Array.from({ length: shape.fingers ?? 0 }, (_, index) => ({
      index,
      flag: 0,
      templates: [randomBytes(384), randomBytes(384)],
    })),
    faces: Array.from({ length: shape.faces ?? 0 }, (_, index) => ({
      index,
      flag: 0,
      templates: [randomBytes(552)],
      imageData: Buffer.alloc(0),
    })),
    accessGroupIDs: shape.accessGroupIDs ?? [1],
    jobCodes: [],
    PIN: randomBytes(32),
    photo: Buffer.alloc(0),
  };
}

/** A weekly schedule with the same periods on the listed days (0 = Sunday), none on the others. */
export function testSchedule(id: number, periods: TimePeriod[] = [{ startTime: 420, endTime: 1140 }], days = [1, 2, 3, 4, 5]): ScheduleInfo {
  return {
    ID: id,
    name: `Schedule ${id}`,
    daily: null,
    weekly: { daySchedules: Array.from({ length: 7 }, (_, day) => ({ periods: days.includes(day) ? periods : [] })) },
  };
}

/** A door read by `entryDeviceID`, relay 0 of that device, with a sensor and an exit button. */
export function testDoor(id: number, entryDeviceID: number, exitDeviceID = 0): DoorInfo {
  return {
    doorID: id,
    name: `Door ${id}`,
    entryDeviceID,
    exitDeviceID,
    relay: { deviceID: entryDeviceID, port: 0 },
    sensor: { deviceID: entryDeviceID, port: 0, type: SwitchType.NORMALLY_CLOSED },
    button: { deviceID: entryDeviceID, port: 1, type: SwitchType.NORMALLY_OPEN },
    autoLockTimeout: 3,
    heldOpenTimeout: 10,
  };
}

export function testLevel(id: number, doorSchedules: { doorID: number; scheduleID: number }[]): AccessLevel {
  return { ID: id, name: `Level ${id}`, doorSchedules };
}

export function testGroup(id: number, levelIDs: number[]): AccessGroup {
  return { ID: id, name: `Group ${id}`, levelIDs };
}

/** A hard anti-passback zone: the first device is the entry, the others exits. */
export function testZone(id: number, deviceIDs: number[], bypassGroupIDs: number[] = []): ApbZoneInfo {
  return {
    zoneID: id,
    name: `Zone ${id}`,
    type: ApbZoneType.HARD,
    disabled: false,
    alarmed: false,
    resetDuration: 0,
    members: deviceIDs.map((deviceID, index) => ({
      deviceID,
      readerType: index === 0 ? ApbReaderType.ENTRY : ApbReaderType.EXIT,
    })),
    bypassGroupIDs,
  };
}

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
}

/**
 * Reads a stream until it ends. `next` hands out items in arrival order, skipping those that do
 * not match, so "A then B" is asserted by two calls.
 */
export class StreamCollector<T> {
  readonly items: T[] = [];
  private cursor = 0;
  private waiter: Waiter<T> | null = null;
  private readonly done: Promise<unknown>;

  constructor(readonly stream: GatewayStream<T>) {
    this.done = this.run();
  }

  /** The next item (after the ones already handed out) that matches; rejects after timeoutMs. */
  next(predicate: (item: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
    const found = this.take(predicate);
    if (found !== undefined) return Promise.resolve(found.item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`no matching stream item within ${timeoutMs} ms (got ${this.items.length})`));
      }, timeoutMs);
      this.waiter = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
    });
  }

  /** Resolves with what ended the iteration: the thrown error, or undefined for a clean end. */
  ended(timeoutMs = 5_000): Promise<unknown> {
    return Promise.race([
      this.done,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`stream still open after ${timeoutMs} ms`)), timeoutMs)),
    ]);
  }

  private take(predicate: (item: T) => boolean): { item: T } | undefined {
    for (let index = this.cursor; index < this.items.length; index++) {
      const item = this.items[index] as T;
      if (predicate(item)) {
        this.cursor = index + 1;
        return { item };
      }
    }
    this.cursor = this.items.length;
    return undefined;
  }

  private async run(): Promise<unknown> {
    try {
      for await (const item of this.stream) {
        this.items.push(item);
        const waiter = this.waiter;
        if (waiter) {
          const found = this.take(waiter.predicate);
          if (found !== undefined) {
            this.waiter = null;
            waiter.resolve(found.item);
          }
        }
      }
      return undefined;
    } catch (error) {
      return error;
    }
  }
}

/** Resolves once `condition` holds, checking every 5 ms; rejects after timeoutMs. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
