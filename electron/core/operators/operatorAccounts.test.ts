import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountRefusedError, OperatorAccounts, OPERATORS_FILE } from './operatorAccounts';

const CHEAP = { scrypt: { N: 1024, r: 8, p: 1 } };
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'operators-'));
  file = path.join(dir, OPERATORS_FILE);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OperatorAccounts', () => {
  it('starts empty without a file (the first start), and keeps the administrator in the file after', async () => {
    const accounts = await OperatorAccounts.open(file, CHEAP);
    expect(accounts.isEmpty()).toBe(true);
    const admin = await accounts.createFirstAdministrator('  Ada ', 'first password');
    expect(admin).toMatchObject({ name: 'Ada', role: 'administrator' });

    const reopened = await OperatorAccounts.open(file, CHEAP);
    expect(reopened.list()).toEqual([{ id: admin.id, name: 'Ada', role: 'administrator', createdAt: admin.createdAt }]);
    await expect(reopened.verify('ada', 'first password')).resolves.toMatchObject({ id: admin.id });
    await expect(reopened.verify('Ada', 'wrong password')).resolves.toBeNull();
    await expect(reopened.verify('Nobody', 'first password')).resolves.toBeNull();
  });

  it('writes the file whole, for its owner only, and never the password', async () => {
    const accounts = await OperatorAccounts.open(file, CHEAP);
    await accounts.createFirstAdministrator('Ada', 'never in the file');
    await accounts.add('Bob', 'monitoringOperator', 'bob password');
    expect(await readdir(dir)).toEqual([OPERATORS_FILE]);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('never in the file');
    expect(text).not.toContain('bob password');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('lets only one of two first starts at once create the administrator', async () => {
    const accounts = await OperatorAccounts.open(file, CHEAP);
    const outcomes = await Promise.allSettled([accounts.createFirstAdministrator('Ada', 'password one'), accounts.createFirstAdministrator('Eve', 'password two')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect(accounts.list().map((account) => account.name)).toEqual(['Ada']);
  });

  it('keeps at least one administrator, and names unique whatever their case', async () => {
    const accounts = await OperatorAccounts.open(file, CHEAP);
    const admin = await accounts.createFirstAdministrator('Ada', 'first password');
    await expect(accounts.add('ADA', 'userOperator', 'other password')).rejects.toThrow('exists already');
    await expect(accounts.remove(admin.id)).rejects.toThrow(AccountRefusedError);
    await expect(accounts.save(admin.id, 'Ada', 'userOperator')).rejects.toThrow('At least one administrator must remain');
    const second = await accounts.add('Grace', 'administrator', 'grace password');
    await accounts.save(admin.id, 'Ada', 'userOperator');
    await expect(accounts.remove(second.id)).rejects.toThrow('At least one administrator must remain');
    expect(accounts.list().map((account) => [account.name, account.role])).toEqual([
      ['Ada', 'userOperator'],
      ['Grace', 'administrator'],
    ]);
  });

  it('refuses to start on a damaged file rather than offering a new administrator', async () => {
    await writeFile(file, '{"version":1,"accounts":[');
    await expect(OperatorAccounts.open(file, CHEAP)).rejects.toThrow('is damaged');
    await writeFile(file, JSON.stringify({ version: 1, idleLockMinutes: 10, accounts: [{ id: 'x', name: 'Ada', role: 'root' }] }));
    await expect(OperatorAccounts.open(file, CHEAP)).rejects.toThrow('is damaged');
    // Accounts the console would never write: none an administrator, one name twice.
    const accounts = await OperatorAccounts.open(path.join(dir, 'good.json'), CHEAP);
    const admin = await accounts.createFirstAdministrator('Ada', 'first password');
    const stored = JSON.parse(await readFile(path.join(dir, 'good.json'), 'utf8')) as { accounts: { role: string }[] };
    await writeFile(file, JSON.stringify({ ...stored, accounts: [{ ...admin, role: 'userOperator' }] }));
    await expect(OperatorAccounts.open(file, CHEAP)).rejects.toThrow('no administrator');
    await writeFile(file, JSON.stringify({ ...stored, accounts: [admin, { ...admin, id: 'other-id', name: 'ADA' }] }));
    await expect(OperatorAccounts.open(file, CHEAP)).rejects.toThrow('a name given twice');
  });

  it('changes a password: the old one no longer signs in', async () => {
    const accounts = await OperatorAccounts.open(file, CHEAP);
    const admin = await accounts.createFirstAdministrator('Ada', 'first password');
    await accounts.setPassword(admin.id, 'second password');
    await expect(accounts.verify('Ada', 'first password')).resolves.toBeNull();
    await expect(accounts.verify('Ada', 'second password')).resolves.not.toBeNull();
  });
});
