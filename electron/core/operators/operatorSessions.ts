import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { OperatorIdentity, SessionView } from '../../../shared/domain/operators';
import type { EventName, EventPayload, EventSink, RequestName } from '../../../shared/ipc/contract';
import type { CallerSession, SessionStanding } from '../../../shared/ipc/dispatch';
import * as audit from './auditEvents';
import { operatorView, type OperatorAccount, type OperatorAccounts } from './operatorAccounts';

/** At most one log entry a second per session for requests the contract refused. */
const OFF_CONTRACT_LOG_EVERY_MS = 1_000;

export interface OperatorSessionsOptions {
  accounts: OperatorAccounts;
  /** Where audit entries go (the console's event writer); nowhere without a database. */
  audit: (event: ConsoleEvent) => void;
  now?: () => number;
  /** How often idle sessions are looked for, so a window locks without making a request; the dispatcher checks at every request too. */
  idleCheckMs?: number;
  /**
   * The dev/test host's `--signed-in-as`: every new session starts signed in as this account
   * (for the end-to-end tests that drive the console, not its sign-in). Never set in Electron.
   */
  signInEverySessionAs?: string;
}

/**
 * Every open session (an Electron window, a WebSocket connection) and what they share: the
 * accounts, the audit, the clock and the idle lock. Sessions live in memory only: a restart of
 * the console signs everyone out.
 */
export class OperatorSessions {
  readonly accounts: OperatorAccounts;
  private readonly sessions = new Set<OperatorSession>();
  private readonly options: OperatorSessionsOptions;
  private timer: ReturnType<typeof setInterval> | null = null;
  readonly now: () => number;

  constructor(options: OperatorSessionsOptions) {
    this.options = options;
    this.accounts = options.accounts;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer ??= setInterval(() => this.checkIdle(), this.options.idleCheckMs ?? 5_000);
    // The check must never keep a stopping process alive.
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const session of this.sessions) session.close();
  }

  /** A new window or connection: signed out (or, on first start, at setup) until someone signs in. */
  open(sink: EventSink): OperatorSession {
    const session = new OperatorSession(this, sink);
    this.sessions.add(session);
    session.onClose(() => this.sessions.delete(session));
    const everyone = this.options.signInEverySessionAs;
    const account = everyone === undefined ? undefined : this.accounts.byId(everyone);
    if (account) session.signIn(account, { quietly: true });
    return session;
  }

  idleLockMs(): number {
    return this.accounts.idleLockMinutes() * 60_000;
  }

  audit(event: ConsoleEvent): void {
    this.options.audit(event);
  }

  /** After an account changed or went: every session takes the account as it is now, and its window hears of it. */
  accountsChanged(): void {
    for (const session of this.sessions) session.recheck();
  }

  /**
   * After an operator's password was reset: whoever signed in with the old one (perhaps the
   * person it leaked to) is signed out, on every session but `except` (the administrator's own,
   * when they reset their own). Answers how many were signed out.
   */
  signOutOperator(operatorId: string, except: OperatorSession | null): number {
    let signedOut = 0;
    for (const session of this.sessions) if (session !== except && session.endIfSignedInAs(operatorId)) signedOut += 1;
    return signedOut;
  }

  /** Locks the sessions idle past the idle time (each tells its window). */
  checkIdle(): void {
    for (const session of this.sessions) {
      session.standing();
      session.logHeldOffContract();
    }
  }
}

function identity(account: OperatorAccount): OperatorIdentity {
  return { id: account.id, name: account.name, role: account.role };
}

/**
 * One window's session. The dispatcher asks it who is there before every request
 * (`standing`); the operator handlers sign it in and out, lock and unlock it. Pushed events of
 * the core reach its window only while an operator is signed in and the screen is unlocked.
 */
export class OperatorSession implements CallerSession {
  private operatorId: string | null = null;
  private isLocked = false;
  private lastActivity = 0;
  /** What the window was last told, so it hears of changes only. */
  private announced: string | null = null;
  private closed = false;
  private offContractLoggedAt = Number.NEGATIVE_INFINITY;
  private offContractUnlogged = 0;
  /** The newest refusal left out of the log, written by the periodic check if none follows. */
  private offContractHeldReason = '';
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly sessions: OperatorSessions,
    private readonly sink: EventSink,
  ) {}

  /** Runs `listener` when the session ends (its window or connection went, or the console stops). */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  standing(): SessionStanding {
    const account = this.operatorId === null ? undefined : this.sessions.accounts.byId(this.operatorId);
    if (!account) {
      if (this.operatorId !== null) {
        // The account was removed: its sessions end.
        this.operatorId = null;
        this.isLocked = false;
        this.announce();
      }
      return { state: 'none' };
    }
    const operator = identity(account);
    if (!this.isLocked && this.sessions.now() - this.lastActivity >= this.sessions.idleLockMs()) {
      this.isLocked = true;
      this.sessions.audit(audit.locked(this.sessions.now(), operator, this.sessions.accounts.idleLockMinutes()));
      this.announce();
    }
    return { state: this.isLocked ? 'locked' : 'signedIn', operator };
  }

  noteActivity(): void {
    if (!this.isLocked) this.lastActivity = this.sessions.now();
  }

  refused(name: RequestName, _reason: string): void {
    const standing = this.standing();
    if (standing.state !== 'none') this.sessions.audit(audit.refused(this.sessions.now(), standing.operator, name));
  }

  offContract(reason: string): void {
    // A page sending garbage in a loop must not flood the log: one entry a second, the rest counted.
    const now = this.sessions.now();
    if (now - this.offContractLoggedAt < OFF_CONTRACT_LOG_EVERY_MS) {
      this.offContractUnlogged += 1;
      this.offContractHeldReason = reason;
      return;
    }
    this.logOffContract(now, reason, this.offContractUnlogged);
  }

  /**
   * A burst that stopped within the second after its last entry would otherwise never be told
   * in full: the periodic check (and the session's end) writes the newest refusal held back.
   */
  logHeldOffContract(): void {
    if (this.offContractUnlogged === 0) return;
    const now = this.sessions.now();
    if (now - this.offContractLoggedAt < OFF_CONTRACT_LOG_EVERY_MS && !this.closed) return;
    this.logOffContract(now, this.offContractHeldReason, this.offContractUnlogged - 1);
  }

  private logOffContract(now: number, reason: string, unlogged: number): void {
    const standing = this.standing();
    this.sessions.audit(audit.offContract(now, standing.state === 'none' ? null : standing.operator, reason, unlogged));
    this.offContractLoggedAt = now;
    this.offContractUnlogged = 0;
    this.offContractHeldReason = '';
  }

  view(): SessionView {
    if (this.sessions.accounts.isEmpty()) return { state: 'setup' };
    const standing = this.standing();
    if (standing.state === 'none') return { state: 'signedOut' };
    const account = this.sessions.accounts.byId(standing.operator.id);
    if (!account) return { state: 'signedOut' };
    if (standing.state === 'locked') return { state: 'locked', operator: operatorView(account) };
    return { state: 'signedIn', operator: operatorView(account), idleLockMinutes: this.sessions.accounts.idleLockMinutes() };
  }

  /** `quietly`: the dev/test host's automatic sign-in, which is no one's action to audit. */
  signIn(account: OperatorAccount, { quietly = false } = {}): SessionView {
    this.operatorId = account.id;
    this.isLocked = false;
    this.lastActivity = this.sessions.now();
    if (!quietly) this.sessions.audit(audit.signedIn(this.sessions.now(), identity(account)));
    return this.announce();
  }

  signOut(operator: OperatorIdentity): SessionView {
    this.operatorId = null;
    this.isLocked = false;
    this.sessions.audit(audit.signedOut(this.sessions.now(), operator));
    return this.announce();
  }

  lock(operator: OperatorIdentity): SessionView {
    if (!this.isLocked) {
      this.isLocked = true;
      this.sessions.audit(audit.locked(this.sessions.now(), operator, null));
    }
    return this.announce();
  }

  unlock(operator: OperatorIdentity): SessionView {
    this.isLocked = false;
    this.lastActivity = this.sessions.now();
    this.sessions.audit(audit.unlocked(this.sessions.now(), operator));
    return this.announce();
  }

  /** Signs this session out when `operatorId` is on it (signOutOperator audits the reason once). */
  endIfSignedInAs(operatorId: string): boolean {
    if (this.operatorId !== operatorId) return false;
    this.operatorId = null;
    this.isLocked = false;
    this.announce();
    return true;
  }

  /** The account may have changed (role, name) or gone. */
  recheck(): void {
    this.standing();
    this.announce();
  }

  /** A pushed event of the core, for this session's window if someone may see it now. */
  deliver<K extends EventName>(name: K, payload: EventPayload<K>): void {
    if (this.closed || this.standing().state !== 'signedIn') return;
    this.sink.emit(name, payload);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.logHeldOffContract();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  /** Tells the window its state when it changed; answers the state. */
  private announce(): SessionView {
    const view = this.view();
    const text = JSON.stringify(view);
    if (!this.closed && text !== this.announced) {
      this.announced = text;
      this.sink.emit('sessionChanged', view);
    }
    return view;
  }
}
