import { describe, expect, it } from 'vitest';
import { projectUser } from './deviceRecord';
import { blankUser, type User } from './user';

const all = { cards: true, fingerprints: true, faces: true };
const cardOnly = { cards: true, fingerprints: false, faces: false };

function user(change: Partial<User> = {}): User {
  return {
    ...blankUser('7', 1),
    name: 'Night guard',
    cards: [{ type: 1, data: 'AQID' }],
    fingers: [{ index: 1, flag: 0, templates: ['BBBB'] }, { index: 0, flag: 0, templates: ['AAAA'] }],
    faces: [{ index: 0, flag: 0, templates: ['CCCC'] }],
    accessGroupIds: [3, 1],
    ...change,
  };
}

describe('projectUser', () => {
  it('keeps only what the model can store', () => {
    const record = projectUser(user(), cardOnly);
    expect(record?.cards).toHaveLength(1);
    expect(record?.fingers).toEqual([]);
    expect(record?.faces).toEqual([]);
  });

  it('takes disabled users off every device', () => {
    expect(projectUser(user({ disabled: true }), all)).toBeNull();
  });
});
