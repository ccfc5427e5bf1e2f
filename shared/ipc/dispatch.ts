import { isRequestName, requests, type RequestHandlers } from './contract';

/** A request the core refused before running it: unknown name or arguments off the contract. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}

/**
 * Validates a request that arrived over IPC or the WebSocket bridge and runs its handler. The
 * single place where untrusted renderer input is checked against the contract.
 */
export async function dispatchRequest(handlers: RequestHandlers, name: string, rawArgs: unknown): Promise<unknown> {
  if (!isRequestName(name)) throw new ContractError(`unknown request "${name.slice(0, 64)}"`);
  const parsed = requests[name].args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ContractError(`invalid arguments for ${name}${where}: ${issue?.message ?? 'rejected'}`);
  }
  // The name/handler pairing is guaranteed by RequestHandlers; TypeScript cannot follow a
  // correlated union through an index, hence the narrow cast.
  const handler = handlers[name] as (args: unknown) => Promise<unknown>;
  return handler(parsed.data);
}
