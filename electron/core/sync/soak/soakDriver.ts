import { blankUser, type Card, type Finger, type User } from '../../../../shared/domain/user';
import { USER_LIMITS } from '../../../../shared/limits';
import { saveUserResultSchema, type RequestHandlers } from '../../../../shared/ipc/contract';
import { dispatchRequest, type CallerSession } from '../../../../shared/ipc/dispatch';
import type { CSNCardData, FingerData } from '../../../gsdk';
import { freeSlot } from '../../../sim/presentedCredentials';
import { pick } from '../../../sim/seededRandom';
import type { ConsoleCore } from '../../consoleCore';
import { signedInAdministrator } from '../../operators/testSessions';
import type { Store } from '../../store/store';
import { desiredRecord, toUserInfo } from '../userInfoCodec';
import type { SiteControl } from './siteControl';
import { capabilitiesOf, expectedHash, heldHash, type SoakDevice } from './soakCheck';
import { SoakModel } from './soakModel';
import type { SoakPacing, SoakSetup } from './soakPlan';

/** The console under soak: its core (requests, device states) and the database behind it. */
export interface SoakConsole {
  core: ConsoleCore;
  store: Store;
  deviceKey(deviceId: number): string;
}

export const soakActions = [
  'operatorAdd',
  'operatorChange',
  'operatorDelete',
  'enrollAtDevice',
  'editAtDevice',
  'deleteAtDevice',
  'disconnect',
  'reconnect',
  'gatewayRestart',
] as const;
export type SoakAction = (typeof soakActions)[number];
type PickedAction = Exclude<SoakAction, 'reconnect' | 'gatewayRestart'>;

/** How often each action is picked; reconnects follow disconnects and restarts follow the clock. */
const ACTION_WEIGHTS: readonly (readonly [PickedAction, number])[] = [
  ['operatorAdd', 14],
  ['operatorChange', 24],
  ['operatorDelete', 8],
  ['enrollAtDevice', 14],
  ['editAtDevice', 24],
  ['deleteAtDevice', 10],
  ['disconnect', 6],
];

/** Operator-added users and reader enrollments take IDs from their own ranges, never reused. */
const FIRST_OPERATOR_ID = 1_000_000;
const FIRST_READER_ID = 2_000_000;
/** Operator edits add credentials up to these counts, leaving readers room to add theirs. */
const OPERATOR_MAX_CARDS = 4;
const OPERATOR_MAX_FINGERS = 3;
/** A reader's edit adds one card, so it needs room for one within the most a user may hold. */
const READER_EDIT_MAX_CARDS = USER_LIMITS.maxCards - 1;
/** Unsettled reader changes looked at after each action (one HTTP read each). */
const SETTLE_CHECKS_PER_ACTION = 2;

/**
 * Acts on the site and the console as the soak's random mix says, and keeps the model of the
 * master copy from what it did (soakModel.ts). Every choice comes from the seeded generator; the
 * outcome of a choice (a skip because a reader's copy is not current yet) depends on timing, so
 * a seed repeats the mix, not every step.
 */
export class SoakDriver {
  readonly model: SoakModel;
  readonly counts = Object.fromEntries(soakActions.map((action) => [action, 0])) as Record<SoakAction, number>;
  /** Picks that could not be done as picked, by reason (not errors: the driver keeps the rules). */
  readonly skipped: Record<string, number> = {};
  /** Disconnected readers and when each is plugged back in (epoch ms). */
  private readonly offline = new Map<number, number>();
  private nextOperatorId = FIRST_OPERATOR_ID;
  private nextReaderId = FIRST_READER_ID;
  private operatorEdits = 0;

  constructor(
    private readonly setup: SoakSetup,
    private readonly console: SoakConsole,
    private readonly site: SiteControl,
    private readonly pacing: SoakPacing,
  ) {
    this.model = new SoakModel(setup.initialUsers);
  }

  get offlineCount(): number {
    return this.offline.size;
  }

  /** Runs the mix until `pacing.actionsForMs` has passed, then plugs every reader back in. */
  async runActions(progress: (line: string) => void): Promise<void> {
    const started = Date.now();
    const endAt = started + this.pacing.actionsForMs;
    let nextRestart = started + this.pacing.gatewayRestartEveryMs;
    let nextProgress = started + 15_000;
    while (Date.now() < endAt) {
      await this.reconnectDue(Date.now());
      if (Date.now() >= nextRestart) {
        await this.site.restartGateway();
        this.counts.gatewayRestart += 1;
        nextRestart += this.pacing.gatewayRestartEveryMs;
      }
      await this.act(this.pickAction());
      await this.settleSome();
      if (Date.now() >= nextProgress) {
        progress(`${Math.round((Date.now() - started) / 1000)} s: ${this.summary()}`);
        nextProgress += 15_000;
      }
      await new Promise((resolve) => setTimeout(resolve, this.pacing.actionEveryMs));
    }
    await this.reconnectDue(Number.POSITIVE_INFINITY);
  }

  summary(): string {
    const done = soakActions.map((action) => `${action} ${this.counts[action]}`).join(', ');
    return `${done}; ${this.model.size} users, ${this.model.unsettledChanges().length} reader changes unsettled, ${this.offline.size} readers offline`;
  }

  private pickAction(): PickedAction {
    const total = ACTION_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.setup.random() * total;
    for (const [action, weight] of ACTION_WEIGHTS) {
      roll -= weight;
      if (roll < 0) return action;
    }
    return 'operatorChange';
  }

  private async act(action: PickedAction): Promise<void> {
    const done = await this.attempt(action);
    if (done) this.counts[action] += 1;
  }

  /** Does the action; false (counted in `skipped`) when its preconditions did not hold. */
  private async attempt(action: PickedAction): Promise<boolean> {
    switch (action) {
      case 'operatorAdd':
        return this.operatorAdd();
      case 'operatorChange':
        return this.operatorChange();
      case 'operatorDelete':
        return this.operatorDelete();
      case 'enrollAtDevice':
        return this.enrollAtDevice();
      case 'editAtDevice':
        return this.editAtDevice();
      case 'deleteAtDevice':
        return this.deleteAtDevice();
      case 'disconnect':
        return this.disconnect();
    }
  }

  private skip(reason: string): false {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    return false;
  }

  // --- the operator, through the core's requests ------------------------------------------------

  private async operatorAdd(): Promise<boolean> {
    const id = String(this.nextOperatorId++);
    const user = this.setup.people.newUser(id, `Hire ${id}`, this.setup.random() < 0.5);
    await this.save(user, true);
    this.model.operatorSaved(user);
    return true;
  }

  private async operatorChange(): Promise<boolean> {
    const current = this.model.pickSettled(this.setup.random);
    if (!current) return this.skip('no settled user to change');
    this.operatorEdits += 1;
    const changed: User = { ...current, name: `Employee ${current.id} edit ${this.operatorEdits}` };
    const { random, people } = this.setup;
    // Edits never empty a field or drop a credential: a reader's older copy, pulled later, would
    // fill it back in (the merge fills vacant fields), an outcome that depends on order.
    if (random() < 0.3) changed.pinHash = people.pin();
    if (random() < 0.3 && current.cards.length < OPERATOR_MAX_CARDS) changed.cards = [...current.cards, people.operatorCard()];
    if (random() < 0.2 && current.fingers.length < OPERATOR_MAX_FINGERS) changed.fingers = [...current.fingers, people.finger(freeSlot(current.fingers))];
    await this.save(changed, false);
    this.model.operatorSaved(changed);
    return true;
  }

  private async operatorDelete(): Promise<boolean> {
    const user = this.model.pickSettled(this.setup.random);
    if (!user) return this.skip('no settled user to delete');
    await this.request('deleteUsers', { ids: [user.id] });
    this.model.operatorDeleted(user.id);
    return true;
  }

  private async save(user: User, createOnly: boolean): Promise<void> {
    const answer = saveUserResultSchema.parse(await this.request('saveUser', { user, createOnly }));
    if (!answer.stored) throw new Error(`the console refused the soak's user ${user.id}: ${JSON.stringify(answer.problems)}`);
  }

  private request(name: 'saveUser' | 'deleteUsers', args: unknown): Promise<unknown> {
    // The core's handlers never look at the session's own type, only at its standing.
    return dispatchRequest(this.console.core.handlers as RequestHandlers<CallerSession>, name, args, signedInAdministrator);
  }

  // --- people at the readers, through the virtual gateway's control API -------------------------

  private async enrollAtDevice(): Promise<boolean> {
    const { random, people } = this.setup;
    const device = pick(random, this.setup.devices);
    const capabilities = capabilitiesOf(device.model);
    const id = String(this.nextReaderId++);
    const user: User = {
      ...blankUser(id, 0),
      name: `Enrolled at ${device.deviceId}`,
      pinHash: random() < 0.5 ? people.pin() : null,
      cards: [people.deviceCard()],
      fingers: capabilities.fingerprints && random() < 0.5 ? [people.finger(0)] : [],
    };
    const record = desiredRecord(user, capabilities);
    if (!record) throw new Error(`user ${id} has no record for a ${device.model}`);
    await this.site.enrollAtDevice(device.deviceId, toUserInfo(record));
    this.model.enrolledAtDevice(device.deviceId, user);
    return true;
  }

  /**
   * Someone at a reader renames a user and adds a card (and on a fingerprint reader sometimes a
   * finger): the console keeps its name and takes the new credentials. Only a user whose copy on
   * that reader is the current one, so the reader's record carries nothing older to merge.
   */
  private async editAtDevice(): Promise<boolean> {
    const { random, people } = this.setup;
    const user = this.model.pickSettled(random);
    if (!user) return this.skip('no settled user to edit at a reader');
    if (user.cards.length > READER_EDIT_MAX_CARDS) return this.skip('no room for another card');
    const device = pick(random, this.setup.devices);
    const copy = await this.site.deviceUser(device.deviceId, user.id);
    if (!copy || heldHash(copy) !== expectedHash(user, device.model)) return this.skip("the reader's copy is not the current one yet");
    const card = people.deviceCard();
    const roomForFinger = capabilitiesOf(device.model).fingerprints && user.fingers.length < USER_LIMITS.maxFingers;
    const fingers: Finger[] = roomForFinger && random() < 0.4 ? [people.finger(freeSlot(user.fingers))] : [];
    await this.site.editAtDevice(device.deviceId, user.id, {
      name: `Renamed at ${device.deviceId}`,
      cards: [...copy.cards, cardInfo(card)],
      fingers: [...copy.fingers, ...fingers.map(fingerInfo)],
    });
    this.model.editedAtDevice(device.deviceId, user.id, { cards: [card], fingers });
    return true;
  }

  /** Someone deletes a user at a reader: the console keeps the user and gives the reader it back. */
  private async deleteAtDevice(): Promise<boolean> {
    const user = this.model.pickSettled(this.setup.random);
    if (!user) return this.skip('no settled user to delete at a reader');
    const device = pick(this.setup.random, this.setup.devices);
    if (!(await this.site.deleteAtDevice(device.deviceId, user.id))) return this.skip('the reader did not hold the user');
    return true;
  }

  // --- faults -------------------------------------------------------------------------------------

  private async disconnect(): Promise<boolean> {
    if (this.offline.size >= this.pacing.maxOffline) return this.skip('enough readers offline');
    const device = pick(this.setup.random, this.setup.devices);
    if (this.offline.has(device.deviceId)) return this.skip('the reader was offline already');
    const [shortest, longest] = this.pacing.offlineMs;
    await this.site.setNetwork(device.deviceId, false);
    this.offline.set(device.deviceId, Date.now() + shortest + this.setup.random() * (longest - shortest));
    return true;
  }

  private async reconnectDue(now: number): Promise<void> {
    for (const [deviceId, backAt] of [...this.offline]) {
      if (backAt > now) continue;
      await this.site.setNetwork(deviceId, true);
      this.offline.delete(deviceId);
      this.counts.reconnect += 1;
    }
  }

  /**
   * Settles reader changes another connected reader now holds as the model expects: only the
   * console writes to that reader, and it writes what it stored.
   */
  private async settleSome(): Promise<void> {
    const pending = this.model.unsettledChanges();
    for (let i = 0; i < SETTLE_CHECKS_PER_ACTION && pending.length > 0; i++) {
      const change = pending.splice(Math.floor(this.setup.random() * pending.length), 1)[0];
      if (!change) break;
      const witnesses = this.setup.devices.filter((device) => device.deviceId !== change.originDeviceId && !this.offline.has(device.deviceId));
      if (witnesses.length === 0) continue;
      const witness: SoakDevice = pick(this.setup.random, witnesses);
      const held = await this.site.deviceUser(witness.deviceId, change.userId);
      if (held && heldHash(held) === expectedHash(change.expected, witness.model)) this.model.settled(change.userId);
    }
  }
}

function cardInfo(card: Card): CSNCardData {
  const data = Buffer.from(card.data, 'base64');
  return { type: card.type, size: data.length, data };
}

function fingerInfo(finger: Finger): FingerData {
  return { index: finger.index, flag: finger.flag, templates: finger.templates.map((template) => Buffer.from(template, 'base64')) };
}
