import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, passwordHashSchema, verifyPassword } from './passwordHash';

/** Cheap parameters keep the suite fast; one test runs the production ones. */
const CHEAP = { N: 1024, r: 8, p: 1 };

describe('operator passwords (scrypt)', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts each hash: the same password twice gives two hashes, never the password', async () => {
    const [first, second] = await Promise.all([hashPassword('same password', CHEAP), hashPassword('same password', CHEAP)]);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(JSON.stringify(first)).not.toContain('same password');
  });

  it('keeps its parameters with the hash, so a hash made with others still verifies', async () => {
    const stored = await hashPassword('older parameters', { N: 2048, r: 4, p: 2 });
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 2048, r: 4, p: 2 });
    await expect(verifyPassword('older parameters', stored)).resolves.toBe(true);
    // Changing a stored parameter changes the key: it is part of what is checked.
    await expect(verifyPassword('older parameters', { ...stored, N: 1024 })).resolves.toBe(false);
  });

  it('uses the production cost by default (a guess costs 32 MiB)', async () => {
    const stored = await hashPassword('production cost');
    expect(stored).toMatchObject(DEFAULT_SCRYPT);
    expect(128 * stored.N * stored.r).toBe(32 * 1024 * 1024);
    await expect(verifyPassword('production cost', stored)).resolves.toBe(true);
  });

  it('refuses stored parameters that would make a sign-in cost minutes or gigabytes', () => {
    const sane = { algorithm: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' };
    expect(passwordHashSchema.safeParse(sane).success).toBe(true);
    expect(passwordHashSchema.safeParse({ ...sane, N: 2 ** 24 }).success).toBe(false);
    expect(passwordHashSchema.safeParse({ ...sane, N: 1000 }).success).toBe(false);
    expect(passwordHashSchema.safeParse({ ...sane, algorithm: 'md5' }).success).toBe(false);
  });
});
