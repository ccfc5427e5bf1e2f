import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_IDLE_LOCK_MINUTES,
  idleLockMinutesSchema,
  operatorIdSchema,
  operatorRoleSchema,
  type OperatorRole,
  type OperatorView,
} from '../../../shared/domain/operators';
import { DEFAULT_SCRYPT, hashPassword, passwordHashSchema, verifyPassword, type ScryptParams } from './passwordHash';

/*
 * The operators' accounts, in one JSON file of the core's own in the app's data folder
 * (Electron's userData, the dev/test host's --data-dir). Not in the database: the database host
 * is a renderer, and what decides who may open which door must not be writable from a page.
 * The file is replaced whole on every change (written beside, flushed, renamed), so a crash
 * leaves the old accounts or the new ones, never half of either.
 */

export const OPERATORS_FILE = 'operators.json';

const accountSchema = z
  .object({
    id: operatorIdSchema,
    name: z.string().min(1),
    role: operatorRoleSchema,
    createdAt: z.number().int().nonnegative(),
    password: passwordHashSchema,
  })
  .strict();
export type OperatorAccount = z.infer<typeof accountSchema>;

const fileSchema = z
  .object({
    version: z.literal(1),
    idleLockMinutes: idleLockMinutesSchema,
    accounts: z.array(accountSchema).max(10_000),
  })
  .strict()
  // What the console itself never writes: a file edited by hand, or not by us.
  .refine((file) => file.accounts.length === 0 || file.accounts.some((account) => account.role === 'administrator'), { message: 'no administrator' })
  .refine((file) => new Set(file.accounts.map((account) => nameKey(account.name))).size === file.accounts.length, { message: 'a name given twice' });
type AccountsFile = z.infer<typeof fileSchema>;

/** An account change the rules refuse (a name taken, the last administrator); the message is the operator's. */
export class AccountRefusedError extends Error {
  override readonly name = 'AccountRefusedError';
}

/** Names are compared as people read them: "Alice" and "alice " are one operator. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

export function operatorView(account: OperatorAccount): OperatorView {
  return { id: account.id, name: account.name, role: account.role, createdAt: account.createdAt };
}

export interface OperatorAccountsOptions {
  /** Tests use cheap parameters; production the default. */
  scrypt?: ScryptParams;
  now?: () => number;
}

export class OperatorAccounts {
  private writes: Promise<unknown> = Promise.resolve();
  /** A hash to compare against for an unknown name, so a wrong name costs what a wrong password does. */
  private decoy: ReturnType<typeof hashPassword> | null = null;
  private readonly scrypt: ScryptParams;
  private readonly now: () => number;

  private constructor(
    /** null: kept in memory only (benchmarks' consoles). */
    private readonly file: string | null,
    private state: AccountsFile,
    options: OperatorAccountsOptions,
  ) {
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    this.now = options.now ?? Date.now;
  }

  /**
   * Reads the file; none means the first start (no account yet). A file that does not read
   * back is an error, never "no accounts": that would let whoever sits down create an
   * administrator. Restoring it (or removing it, which needs the profile folder) is the way out.
   */
  static async open(file: string, options: OperatorAccountsOptions = {}): Promise<OperatorAccounts> {
    let text: string | null = null;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === null) return new OperatorAccounts(file, { version: 1, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES, accounts: [] }, options);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const checked = fileSchema.safeParse(parsed);
    if (!checked.success) {
      throw new Error(`the operators' accounts file ${file} is damaged (${checked.error.issues[0]?.message ?? 'not JSON'}): restore it from a backup, or remove it to create a new administrator`);
    }
    return new OperatorAccounts(file, checked.data, options);
  }

  /**
   * Accounts in memory only, holding one administrator whose password no one knows, and that
   * administrator's ID: for benchmarks and tests that build a ConsoleCore themselves and open
   * the page signed in (ConsoleCoreOptions.operators.signInEverySessionAs).
   */
  static inMemoryWithAdministrator(name: string): { accounts: OperatorAccounts; signInEverySessionAs: string } {
    const administrator: OperatorAccount = {
      id: randomUUID(),
      name,
      role: 'administrator',
      createdAt: Date.now(),
      // Random bytes, not a hash of anything: no password signs in as this account.
      password: { algorithm: 'scrypt', ...DEFAULT_SCRYPT, salt: randomBytes(16).toString('base64'), hash: randomBytes(64).toString('base64') },
    };
    const accounts = new OperatorAccounts(null, { version: 1, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES, accounts: [administrator] }, {});
    return { accounts, signInEverySessionAs: administrator.id };
  }

  /** No account yet: the console's first start. */
  isEmpty(): boolean {
    return this.state.accounts.length === 0;
  }

  list(): OperatorView[] {
    return this.state.accounts.map(operatorView);
  }

  byId(id: string): OperatorAccount | undefined {
    return this.state.accounts.find((account) => account.id === id);
  }

  idleLockMinutes(): number {
    return this.state.idleLockMinutes;
  }

  /** The account when the name and password match; null otherwise, after the same work either way. */
  async verify(name: string, password: string): Promise<OperatorAccount | null> {
    const account = this.state.accounts.find((candidate) => nameKey(candidate.name) === nameKey(name));
    if (!account) {
      this.decoy ??= hashPassword('decoy password', this.scrypt);
      await verifyPassword(password, await this.decoy);
      return null;
    }
    return (await verifyPassword(password, account.password)) ? account : null;
  }

  /** Only while there is no account (checked again inside the write, so two first starts cannot both win). */
  createFirstAdministrator(name: string, password: string): Promise<OperatorAccount> {
    return this.change(async (state) => {
      if (state.accounts.length > 0) throw new AccountRefusedError('An administrator exists already: sign in instead.');
      const account = await this.newAccount(name, 'administrator', password);
      return { next: { ...state, accounts: [account] }, result: account };
    });
  }

  add(name: string, role: OperatorRole, password: string): Promise<OperatorAccount> {
    return this.change(async (state) => {
      this.refuseTakenName(state, name, null);
      const account = await this.newAccount(name, role, password);
      return { next: { ...state, accounts: [...state.accounts, account] }, result: account };
    });
  }

  /** A new name and role; the last administrator keeps the role. Answers the account before and after. */
  save(id: string, name: string, role: OperatorRole): Promise<{ before: OperatorAccount; after: OperatorAccount }> {
    return this.change(async (state) => {
      const before = this.existing(state, id);
      this.refuseTakenName(state, name, id);
      const after = { ...before, name: name.trim(), role };
      const accounts = state.accounts.map((account) => (account.id === id ? after : account));
      refuseNoAdministrator(accounts);
      return { next: { ...state, accounts }, result: { before, after } };
    });
  }

  setPassword(id: string, password: string): Promise<OperatorAccount> {
    return this.change(async (state) => {
      const account = { ...this.existing(state, id), password: await hashPassword(password, this.scrypt) };
      return { next: { ...state, accounts: state.accounts.map((stored) => (stored.id === id ? account : stored)) }, result: account };
    });
  }

  remove(id: string): Promise<OperatorAccount> {
    return this.change(async (state) => {
      const removed = this.existing(state, id);
      const accounts = state.accounts.filter((account) => account.id !== id);
      refuseNoAdministrator(accounts);
      return { next: { ...state, accounts }, result: removed };
    });
  }

  setIdleLockMinutes(minutes: number): Promise<number> {
    return this.change(async (state) => ({ next: { ...state, idleLockMinutes: minutes }, result: state.idleLockMinutes }));
  }

  private async newAccount(name: string, role: OperatorRole, password: string): Promise<OperatorAccount> {
    return { id: randomUUID(), name: name.trim(), role, createdAt: this.now(), password: await hashPassword(password, this.scrypt) };
  }

  private existing(state: AccountsFile, id: string): OperatorAccount {
    const account = state.accounts.find((candidate) => candidate.id === id);
    if (!account) throw new AccountRefusedError('This operator was removed meanwhile.');
    return account;
  }

  private refuseTakenName(state: AccountsFile, name: string, exceptId: string | null): void {
    if (state.accounts.some((account) => account.id !== exceptId && nameKey(account.name) === nameKey(name))) {
      throw new AccountRefusedError(`An operator named “${name.trim()}” exists already.`);
    }
  }

  /** One change at a time, each from the state the one before left; memory follows the file only once it is written. */
  private change<T>(edit: (state: AccountsFile) => Promise<{ next: AccountsFile; result: T }>): Promise<T> {
    const run = this.writes.then(async () => {
      const { next, result } = await edit(this.state);
      if (this.file !== null) await writeAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
      this.state = next;
      return result;
    });
    this.writes = run.catch(() => undefined);
    return run;
  }
}

function refuseNoAdministrator(accounts: readonly OperatorAccount[]): void {
  if (!accounts.some((account) => account.role === 'administrator')) {
    throw new AccountRefusedError('At least one administrator must remain: make another operator an administrator first.');
  }
}

/** Written beside the file, flushed to disk, then renamed over it (atomic on one file system); readable by the owner only. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
