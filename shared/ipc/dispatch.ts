import { OPERATOR_ROLE_TEXT, roleAtLeast, type OperatorIdentity } from '../domain/operators';
import { isRequestName, requests, type Caller, type RequestHandlers, type RequestName } from './contract';
import { ruleOf, type RequestAccess } from './requestAccess';

/** A request the core refused before running it: unknown name or arguments off the contract. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}

/** A request this session may not make now: nobody signed in, the screen locked, or a role too low. */
export class AccessRefusedError extends Error {
  override readonly name = 'AccessRefusedError';
}

/** Who is on a session, as the dispatcher needs to know before every request. */
export type SessionStanding =
  | { readonly state: 'none' }
  | { readonly state: 'locked'; readonly operator: OperatorIdentity }
  | { readonly state: 'signedIn'; readonly operator: OperatorIdentity };

/**
 * A session as the dispatcher sees it: one per Electron window or WebSocket connection, made by
 * the core (electron/core/operators/operatorSessions.ts).
 */
export interface CallerSession {
  /**
   * Who is on the session now, with the account as it is now (a removed operator is gone, a
   * changed role counts at once). A session idle past the idle time answers `locked`: it locks
   * here, so no request slips in between the idle time and a timer noticing it.
   */
  standing(): SessionStanding;
  /** The operator acted (an action, or the window's note of input): the idle time starts again. */
  noteActivity(): void;
  /** A signed-in operator was refused a request: for the audit. */
  refused(name: RequestName, reason: string): void;
  /**
   * The contract refused a request of this session (an unknown name, arguments off the request's
   * schema), for the log: the console's own page never sends one, so it is a broken or tampered
   * page, and the operator should hear of it.
   */
  offContract(reason: string): void;
}

/**
 * Validates a request that arrived over IPC or the WebSocket bridge, checks that its session may
 * make it (requestAccess.ts), and runs its handler. The single place where untrusted renderer
 * input meets the contract, for both shells.
 */
export async function dispatchRequest<S extends CallerSession>(
  handlers: RequestHandlers<S>,
  name: string,
  rawArgs: unknown,
  session: S,
): Promise<unknown> {
  if (!isRequestName(name)) throw offContract(session, `unknown request "${name.slice(0, 64)}"`);
  const rule = ruleOf(name);
  const operator = authorize(session, name, rule.access);
  const parsed = requests[name].args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw offContract(session, `invalid arguments for ${name}${where}: ${issue?.message ?? 'rejected'}`);
  }
  if (operator !== null && (rule.action || name === 'noteOperatorActivity')) session.noteActivity();
  // The name/handler pairing is guaranteed by RequestHandlers; TypeScript cannot follow a
  // correlated union through an index, hence the narrow cast.
  const handler = handlers[name] as (args: unknown, caller: Caller<S>) => Promise<unknown>;
  return handler(parsed.data, { session, operator });
}

/** The refusal to throw, once the session has it for the log. */
function offContract(session: CallerSession, reason: string): ContractError {
  session.offContract(reason);
  return new ContractError(reason);
}

/** The operator the request runs for (null for a request anyone may make), or a refusal. */
function authorize(session: CallerSession, name: RequestName, access: RequestAccess): OperatorIdentity | null {
  const standing = session.standing();
  if (access === 'anyone') return standing.state === 'none' ? null : standing.operator;
  if (standing.state === 'none') throw new AccessRefusedError(`Refused: sign in first (${name}).`);
  if (access === 'signedIn') return standing.operator;
  if (standing.state === 'locked') throw new AccessRefusedError(`Refused: the console is locked; enter your password to unlock it (${name}).`);
  const { operator } = standing;
  if (!roleAtLeast(operator.role, access)) {
    const reason = `Refused: ${name} needs ${article(OPERATOR_ROLE_TEXT[access].label)} or a higher role; ${operator.name} is ${article(OPERATOR_ROLE_TEXT[operator.role].label)}.`;
    session.refused(name, reason);
    throw new AccessRefusedError(reason);
  }
  return operator;
}

/** "an Administrator", "a User operator" (by sound: the U of User is a consonant). */
function article(label: string): string {
  return `${/^[AEIO]/.test(label) ? 'an' : 'a'} ${label}`;
}
