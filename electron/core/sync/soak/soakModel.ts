import type { Card, Finger, User } from '../../../../shared/domain/user';
import { USER_LIMITS } from '../../../../shared/limits';

/** A change made at a reader that the console has not yet been seen to take. */
export interface UnsettledChange {
  userId: string;
  /** The reader it was made at. */
  originDeviceId: number;
  /** The master copy the change must lead to. */
  expected: User;
}

/**
 * The master copy the soak expects, kept by the driver from what it did, by DESIGN.md §4's rules
 * for *All devices (including user update from device)*, never read back from the console:
 *
 * - an operator's add or change that the console answered "stored" is the record, exactly;
 *   an operator's delete removes the user;
 * - a user enrolled at a reader joins whole (the merge rule's new user);
 * - a user edited at a reader keeps every value the console holds (the reader's new name is
 *   undone) and gains the credentials the reader added;
 * - a delete at a reader changes nothing: the reader is given the user back.
 *
 * Where the rules leave the outcome to timing, the driver never lets it arise: a user changed at
 * a reader is *unsettled* until another reader is seen holding the merged record (so the console
 * stored it), and nobody touches an unsettled user, from either side; a reader edits only a user
 * whose copy there is the current one; IDs are never reused.
 */
export class SoakModel {
  private readonly users = new Map<string, User>();
  /** The IDs of `users`, for picking at random in O(1). */
  private readonly ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly unsettled = new Map<string, UnsettledChange>();

  constructor(initial: readonly User[]) {
    for (const user of initial) this.put(user);
  }

  get size(): number {
    return this.users.size;
  }

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  allUsers(): IterableIterator<User> {
    return this.users.values();
  }

  isSettled(id: string): boolean {
    return !this.unsettled.has(id);
  }

  unsettledChanges(): UnsettledChange[] {
    return [...this.unsettled.values()];
  }

  /** A settled user at random (a few tries; undefined when none came up). */
  pickSettled(random: () => number): User | undefined {
    for (let attempt = 0; attempt < 8 && this.ids.length > 0; attempt++) {
      const id = this.ids[Math.floor(random() * this.ids.length)];
      if (id !== undefined && this.isSettled(id)) return this.users.get(id);
    }
    return undefined;
  }

  /** The console answered an operator's save with "stored": the master copy holds exactly this. */
  operatorSaved(user: User): void {
    this.requireSettled(user.id, 'the operator saved');
    this.put(user);
  }

  operatorDeleted(id: string): void {
    this.requireSettled(id, 'the operator deleted');
    const slot = this.slotOf.get(id);
    if (slot === undefined) throw new Error(`the soak deleted user ${id}, which it never had`);
    const last = this.ids.pop();
    if (last !== undefined && last !== id) {
      this.ids[slot] = last;
      this.slotOf.set(last, slot);
    }
    this.slotOf.delete(id);
    this.users.delete(id);
  }

  /** A new user enrolled at a reader: the console takes it whole. */
  enrolledAtDevice(deviceId: number, user: User): void {
    if (this.users.has(user.id)) throw new Error(`the soak enrolled user ${user.id} at a reader, but the ID is taken`);
    this.put(user);
    this.unsettled.set(user.id, { userId: user.id, originDeviceId: deviceId, expected: user });
  }

  /**
   * A user edited at a reader (a new name, new credentials): the console's values win and the
   * new credentials are added after its own, within the per-user limits.
   */
  editedAtDevice(deviceId: number, id: string, added: { cards: readonly Card[]; fingers: readonly Finger[] }): User {
    this.requireSettled(id, 'a reader edited');
    const current = this.users.get(id);
    if (!current) throw new Error(`the soak edited user ${id} at a reader, but the console has no such user`);
    const expected: User = { ...current, cards: [...current.cards, ...added.cards], fingers: [...current.fingers, ...added.fingers] };
    if (expected.cards.length > USER_LIMITS.maxCards || expected.fingers.length > USER_LIMITS.maxFingers) {
      throw new Error(`the soak's edit of user ${id} would pass the per-user limits, where the merge drops credentials`);
    }
    this.put(expected);
    this.unsettled.set(id, { userId: id, originDeviceId: deviceId, expected });
    return expected;
  }

  /** Another reader was seen holding the merged record: the console stored it. */
  settled(id: string): void {
    this.unsettled.delete(id);
  }

  private put(user: User): void {
    if (!this.slotOf.has(user.id)) {
      this.slotOf.set(user.id, this.ids.length);
      this.ids.push(user.id);
    }
    this.users.set(user.id, user);
  }

  private requireSettled(id: string, what: string): void {
    if (!this.isSettled(id)) throw new Error(`${what} user ${id} while a change at a reader was unsettled (a driver error)`);
  }
}
