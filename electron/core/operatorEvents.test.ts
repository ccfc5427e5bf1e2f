import { describe, expect, it } from 'vitest';
import { blankUser, type User } from '../../shared/domain/user';
import { accessDeleted, accessSaved, recordChanges, userChanges, usersDeleted, usersImported } from './operatorEvents';

const user = (change: Partial<User>): User => ({ ...blankUser('7', 1), name: 'Ada', ...change });

describe('operator events', () => {
  it('say what changed in a user, secrets only as changed', () => {
    const before = user({ pinHash: 'AAAA', photo: null, cards: [{ type: 1, data: 'AQID' }], accessGroupIds: [3] });
    const after = user({ name: 'Ada Lovelace', pinHash: 'BBBB', photo: 'CCCC', cards: [{ type: 1, data: 'BAUG' }], disabled: true, accessGroupIds: [] });
    const changes = userChanges(before, after);
    expect(changes).toEqual(['name “Ada” → “Ada Lovelace”', 'disabled', 'cards replaced', 'PIN changed', 'photo changed', 'access groups 3 → none']);
    expect(changes.join(' ')).not.toMatch(/AQID|BAUG|BBBB|CCCC/);
  });

  it('say what changed in an access record: values, list lengths, the rest as changed', () => {
    const before = { id: 4, name: 'Lab', relayPort: 0, doorSchedules: [1], sensor: { port: 1 } };
    const after = { id: 4, name: 'Lab', relayPort: 2, doorSchedules: [1, 2], sensor: { port: 2 } };
    expect(recordChanges(before, after)).toEqual(['relay port 0 → 2', 'door schedules 1 → 2', 'sensor changed']);
    expect(accessSaved(5, 'door', before, before).message).toBe('Operator changed door 4 “Lab”: no change');
    expect(accessSaved(5, 'accessLevel', undefined, before)).toMatchObject({ kind: 'accessLevel.created', time: 5 });
  });

  it('make one event of a bulk delete and of an import batch, however many users', () => {
    const ids = Array.from({ length: 250 }, (_, n) => String(n + 1));
    expect(usersDeleted(1, ids, undefined).message).toBe('Operator deleted 250 users: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 (+240 more)');
    expect(usersDeleted(1, ['7'], user({}))).toMatchObject({ message: 'Operator deleted user 7 “Ada”', userId: '7' });
    expect(accessDeleted(1, 'zone', [1, 2], [{ id: 1, name: 'Lobby' }]).message).toBe('Operator deleted zones 1 “Lobby”, 2');
    const batch = usersImported(1, { batch: 2, batches: 3, firstRow: 5_001, lastRow: 10_000, stored: 4_990, added: 4_000, refused: 10 });
    expect(batch).toMatchObject({ kind: 'user.imported', level: 'warning' });
    expect(batch.message).toBe('Operator imported users from CSV (part 2 of 3, rows 5,001–10,000): 4,990 stored (4,000 new, 990 replaced), 10 refused');
  });
});
