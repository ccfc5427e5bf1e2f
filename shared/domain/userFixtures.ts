import { blankUser, type User } from './user';

/**
 * For tests: a user with one of every credential, listed out of canonical order (fingers 1
 * before 0, groups 3 before 1), so projection and hashing must put them in order.
 */
export function nightGuard(change: Partial<User> = {}): User {
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
