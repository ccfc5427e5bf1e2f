import type { Caller, RequestHandlers, RequestName } from '../../../shared/ipc/contract';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import { ACTION_WORDS, operatorAction } from './auditEvents';

/**
 * Wraps the handlers of the actions that have no audit entry of their own (ACTION_WORDS) so
 * that each one a signed-in operator makes, and that succeeds, is logged with who and what.
 * A refused or failed action changed nothing and is not logged here (a refusal by role is,
 * by the session). In-process callers (no operator) are not audited: they are not operators.
 */
export function withAuditedActions<S>(handlers: RequestHandlers<S>, audit: (event: ConsoleEvent) => void, now: () => number): RequestHandlers<S> {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const name of Object.keys(ACTION_WORDS) as RequestName[]) {
    // One name at a time: TypeScript cannot follow the name/handler pairing through the loop.
    const inner = handlers[name] as (args: unknown, caller?: Caller<S>) => Promise<unknown>;
    wrapped[name] = async (args: unknown, caller?: Caller<S>) => {
      const result = await inner(args, caller);
      const operator = caller?.operator;
      if (operator) {
        const event = operatorAction(now(), operator, name, args as never, result as never);
        if (event) audit(event);
      }
      return result;
    };
  }
  return wrapped as RequestHandlers<S>;
}
