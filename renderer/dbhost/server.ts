import {
  dbRequestEnvelopeSchema,
  dbRequests,
  firstIssue,
  isDbRequestName,
  type DbErrorKind,
  type DbHandlers,
  type DbMessage,
  type DbResponse,
} from '../../shared/db/protocol';
import type { DbTransport } from '../../shared/db/transport';
import { createDatabaseHandlers } from './handlers';
import { Refusal } from './refusal';
import type { PortcullisDatabase } from './schema';

export interface DatabaseHostService {
  /** Stops answering (pending answers are dropped) and closes the transport. */
  stop(): void;
}

/**
 * Serves the database over one transport: validate → run → respond. Nothing that arrives is
 * trusted: a message off the protocol gets an `invalid-request` answer (with `id: null` when it
 * has no usable ID) and never reaches a handler; no message can make the host throw.
 *
 * Writes run one at a time, in the order they arrived (the host is the single writer, and a
 * later batch must see an earlier one's cards); a read runs once the writes that arrived
 * before it are done, alongside other reads.
 */
export function serveDatabaseHost(db: PortcullisDatabase, transport: DbTransport): DatabaseHostService {
  let stopped = false;
  let writes: Promise<unknown> = Promise.resolve();
  const send = (message: DbMessage): void => {
    if (stopped) return;
    try {
      transport.send(message);
    } catch {
      // The link closed while the handler ran: nobody is left to tell.
    }
  };
  const respond = (message: DbResponse): void => send(message);
  const handlers: DbHandlers = createDatabaseHandlers(db, (change) => send({ type: 'changed', change }));

  const unsubscribe = transport.onMessage((raw) => {
    const envelope = dbRequestEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      respond(failure(idOf(raw), 'invalid-request', `not a database request (${firstIssue(envelope.error)})`));
      return;
    }
    const { id, name, args } = envelope.data;
    if (!isDbRequestName(name)) {
      respond(failure(id, 'invalid-request', `unknown request "${name}"`));
      return;
    }
    const definition = dbRequests[name];
    const parsed = definition.args.safeParse(args);
    if (!parsed.success) {
      respond(failure(id, 'invalid-request', `invalid arguments for ${name}: ${firstIssue(parsed.error)}`));
      return;
    }
    // The name/handler pairing is guaranteed by DbHandlers; TypeScript cannot follow a
    // correlated union through an index, hence the narrow cast.
    const handler = handlers[name] as (args: unknown) => Promise<unknown>;
    const run = (): Promise<void> =>
      handler(parsed.data).then(
        (result) => respond({ type: 'response', id, ok: true, result }),
        (error: unknown) => respond(failure(id, error instanceof Refusal ? 'refused' : 'failed', describeError(error))),
      );
    // A request sees every write that arrived before it; writes also wait for each other,
    // reads do not hold anything up.
    if (definition.write) writes = writes.then(run);
    else void writes.then(run);
  });
  const stopOnClose = transport.onClose(() => {
    stopped = true;
  });

  return {
    stop() {
      stopped = true;
      unsubscribe();
      stopOnClose();
      transport.close('the database host stopped');
    },
  };
}

function failure(id: number | null, kind: DbErrorKind, message: string): DbResponse {
  return { type: 'response', id, ok: false, error: { kind, message: message.slice(0, 2_000) } };
}

function describeError(error: unknown): string {
  if (error instanceof Refusal) return error.message;
  // Dexie's errors name the IndexedDB failure (QuotaExceededError, AbortError...) in `name`, and
  // add the error they wrap on further lines, which repeat it: the first line is the reason.
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n', 1)[0] ?? ''}`;
  return String(error);
}

/** The ID of a malformed request, when it has a usable one, so the core can fail that request. */
function idOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = raw.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
