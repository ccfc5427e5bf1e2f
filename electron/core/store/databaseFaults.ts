import type { DBCore, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';

/**
 * For tests (not used by product code): the database host's IndexedDB going wrong underneath
 * it (writes refused, reads aborted, uncommitted writes lost with the process), as a Dexie
 * DBCore middleware installed before the database opens
 * (`openInProcessStore(..., { middleware: [faults.middleware] })`). The host's own code runs
 * unchanged; only what IndexedDB answers differs.
 */

/** How a browser's IndexedDB refuses a write: the disk or the profile's quota is full, or the transaction was aborted. */
export type WriteFaultName = 'QuotaExceededError' | 'AbortError';

interface ArmedFault {
  name: WriteFaultName;
  /** Tables whose writes fail; null: every table. */
  tables: ReadonlySet<string> | null;
  /** Writes left to fail; Infinity until `heal`. */
  remaining: number;
}

const FAULT_MESSAGES: Record<WriteFaultName, string> = {
  QuotaExceededError: 'The quota has been exceeded.',
  AbortError: 'The transaction was aborted.',
};

export class DatabaseFaults {
  private armed: ArmedFault | null = null;
  private armedReads: ArmedFault | null = null;
  private readonly openWrites = new Set<DBCoreTransaction>();
  /** Writes refused so far, by table: how often the console tried. */
  readonly refusedWrites = new Map<string, number>();

  readonly middleware: Middleware<DBCore> = { stack: 'dbcore', name: 'databaseFaults', create: (down) => this.wrap(down) };

  /**
   * Writes to `tables` (every table when omitted) fail with `name`: the next `count` of them, or
   * every one until `heal`. A failing write is applied first and then fails, inside its
   * transaction, so IndexedDB's rollback is what keeps the stored data whole.
   */
  refuseWrites(name: WriteFaultName, options: { tables?: readonly string[]; count?: number } = {}): void {
    this.armed = { name, tables: options.tables ? new Set(options.tables) : null, remaining: options.count ?? Infinity };
  }

  /** Reads of `tables` (every table when omitted) fail with AbortError: the next `count`, or every one until `heal`. */
  abortReads(options: { tables?: readonly string[]; count?: number } = {}): void {
    this.armedReads = { name: 'AbortError', tables: options.tables ? new Set(options.tables) : null, remaining: options.count ?? Infinity };
  }

  /** The database takes writes and reads again. */
  heal(): void {
    this.armed = null;
    this.armedReads = null;
  }

  refused(table: string): number {
    return this.refusedWrites.get(table) ?? 0;
  }

  /**
   * Aborts every write transaction that has not committed yet: what happens to them when the
   * process that opened them dies. Committed ones stay, as IndexedDB promises.
   */
  abortOpenWrites(): void {
    for (const transaction of this.openWrites) {
      try {
        transaction.abort();
      } catch {
        // Committed or finished meanwhile: it stays.
      }
    }
    this.openWrites.clear();
  }

  private wrap(down: DBCore): Partial<DBCore> {
    return {
      ...down,
      transaction: (stores, mode, options) => {
        const transaction = down.transaction(stores, mode, options);
        if (mode === 'readwrite') this.track(transaction);
        return transaction;
      },
      table: (name) => this.wrapTable(down.table(name)),
    };
  }

  /** Forgets a transaction once it ended, where the transaction says so (an IDBTransaction does). */
  private track(transaction: DBCoreTransaction): void {
    this.openWrites.add(transaction);
    const target = transaction as Partial<Pick<EventTarget, 'addEventListener'>>;
    if (typeof target.addEventListener !== 'function') return;
    const forget = (): void => void this.openWrites.delete(transaction);
    for (const type of ['complete', 'abort', 'error']) target.addEventListener.call(transaction, type, forget);
  }

  private wrapTable(table: DBCoreTable): DBCoreTable {
    const failedRead = (): DOMException | null => {
      const fault = take(this.armedReads, table.name);
      return fault ? new DOMException(FAULT_MESSAGES[fault], fault) : null;
    };
    return {
      ...table,
      mutate: async (request) => {
        const fault = take(this.armed, table.name);
        if (!fault) return table.mutate(request);
        await table.mutate(request);
        this.refusedWrites.set(table.name, this.refused(table.name) + 1);
        throw new DOMException(FAULT_MESSAGES[fault], fault);
      },
      get: async (request) => {
        const fault = failedRead();
        if (fault) throw fault;
        return table.get(request);
      },
      getMany: async (request) => {
        const fault = failedRead();
        if (fault) throw fault;
        return table.getMany(request);
      },
      query: async (request) => {
        const fault = failedRead();
        if (fault) throw fault;
        return table.query(request);
      },
    };
  }
}

/** The armed fault's name if it applies to this table (and counts it), else null. */
function take(armed: ArmedFault | null, table: string): WriteFaultName | null {
  if (!armed || armed.remaining <= 0 || (armed.tables && !armed.tables.has(table))) return null;
  armed.remaining -= 1;
  return armed.name;
}
