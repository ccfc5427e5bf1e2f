import { describe, expect, it } from 'vitest';
import { usersFromCsv } from './userCsv';

describe('usersFromCsv', () => {
  it('reads users with periods, cards and groups', () => {
    const { users, errors, lines } = usersFromCsv(
      'ID,Name,Department,Start,End,Cards,Groups,Disabled\n1001,"Doe, Jane",Security,2026-01-01,2026-12-31,0A1B2C3D;ff00,1;3,no\n1002,Bo,,,,,,yes\n',
      5,
    );
    expect(errors).toEqual([]);
    expect(lines).toEqual([2, 3]);
    expect(users[0]).toMatchObject({
      id: '1001',
      name: 'Doe, Jane',
      department: 'Security',
      periodStart: Date.UTC(2026, 0, 1) / 1000,
      periodEnd: Date.UTC(2026, 11, 31) / 1000,
      cards: [
        { type: 1, data: Buffer.from('0a1b2c3d', 'hex').toString('base64') },
        { type: 1, data: Buffer.from('ff00', 'hex').toString('base64') },
      ],
      accessGroupIds: [1, 3],
      disabled: false,
      updatedAt: 5,
    });
    expect(users[1]).toMatchObject({ id: '1002', disabled: true, cards: [] });
  });

  it('reports each bad row with its line and keeps the good ones', () => {
    const { users, errors } = usersFromCsv(
      ['id,name,start,cards,groups', '0,Zero,,,', '12,Ok,,,', '13,Bad date,2026-02-30,,', '14,Bad card,,XYZ,', '12,Again,,,', '15,Bad group,,,a', '16,Short'].join('\n'),
    );
    expect(users.map((user) => user.id)).toEqual(['12']);
    expect(errors).toEqual([
      { line: 2, message: expect.stringContaining('id:') },
      { line: 4, message: expect.stringContaining('not a date') },
      { line: 5, message: expect.stringContaining('not a card number') },
      { line: 6, message: 'user 12 is already on line 3' },
      { line: 7, message: expect.stringContaining('not an access group ID') },
      { line: 8, message: 'has 2 fields, the header has 5' },
    ]);
  });

  it('refuses a header without id or with unknown columns, naming the columns it knows', () => {
    expect(usersFromCsv('name,badge\nA,1').errors[0]?.message).toMatch(/no "id" column; unknown column "badge" \(columns: id, name/);
    expect(usersFromCsv('').errors[0]?.message).toBe('the file is empty');
  });
});
