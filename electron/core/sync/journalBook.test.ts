import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openInProcessStore, type InProcessStore } from '../store/inProcessStore';
import { DigestedEntries, desiredDigest, type DesiredEntry } from './desiredIndex';
import { JournalBook, journalChange } from './journalBook';
import { digestOf, sameDigest } from './setDigest';

let database: InProcessStore;
beforeEach(async () => {
  database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
});
afterEach(async () => {
  await database.close();
});

const entry = (hash: string): DesiredEntry => ({ hash, cards: 1, fingers: 0, faces: 0 });

describe('JournalBook', () => {
  it('follows every write with previous values exactly, without reading again', async () => {
    const book = new JournalBook(database.store);
    expect(book.knownDigest(1)).toBeUndefined();
    await book.record(1, journalChange(new Map([['a', 'x'], ['b', 'y']])), null);
    expect(book.knownDigest(1)).toBeUndefined(); // never read: unknown
    const journal = await book.read(1);
    expect(book.knownDigest(1)).toEqual(digestOf(journal));
    await book.record(1, journalChange(new Map([['a', 'x2'], ['c', 'z']]), ['b']), journal);
    expect(book.knownDigest(1)).toEqual(digestOf(new Map([['a', 'x2'], ['c', 'z']])));
    expect(sameDigest(book.knownDigest(1)!, digestOf(await database.store.journal.read(1)))).toBe(true);
  });

  it('forgets the digest when it cannot follow a write, and after a failed one', async () => {
    const book = new JournalBook(database.store);
    await book.read(1);
    await book.record(1, journalChange(new Map(), ['a']), null);
    expect(book.knownDigest(1)).toBeUndefined();
    await book.read(1);
    await database.close();
    await expect(book.record(1, journalChange(new Map([['a', 'x']])), new Map())).rejects.toThrow();
    expect(book.knownDigest(1)).toBeUndefined();
    database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  });

  it('does not take a digest from a read that a write overtook', async () => {
    const book = new JournalBook(database.store);
    await book.record(1, journalChange(new Map([['a', 'x']])), null);
    // The read leaves with the journal as it is, and arrives only after a write has come and gone.
    let arrive = (): void => undefined;
    const gate = new Promise<void>((resolve) => (arrive = resolve));
    const read = database.store.journal.read.bind(database.store.journal);
    database.store.journal.read = async (deviceId) => {
      const journal = await read(deviceId);
      await gate;
      return journal;
    };
    const slowRead = book.read(1);
    await book.record(1, journalChange(new Map([['b', 'y']])), new Map([['a', 'x']]));
    arrive();
    expect(await slowRead).toEqual(new Map([['a', 'x']]));
    expect(book.knownDigest(1)).toBeUndefined();
    database.store.journal.read = read;
    expect(book.knownDigest(1)).toBeUndefined();
    await book.read(1);
    expect(book.knownDigest(1)).toEqual(digestOf(new Map([['a', 'x'], ['b', 'y']])));
  });

  it('compares with a desired state kept current entry by entry', () => {
    const desired = new DigestedEntries();
    desired.set('a', entry('x'));
    desired.set('b', entry('y'));
    desired.set('a', entry('x2'));
    desired.delete('b');
    expect(desiredDigest(desired)).toEqual(digestOf([['a', 'x2']]));
    expect(desiredDigest(new Map([['a', entry('x2')]]))).toEqual(digestOf([['a', 'x2']]));
  });
});
