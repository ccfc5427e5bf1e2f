import { describe, expect, it } from 'vitest';
import { projectUser } from './deviceRecord';
import { nightGuard as user } from './userFixtures';

const all = { cards: true, fingerprints: true, faces: true };
const cardOnly = { cards: true, fingerprints: false, faces: false };

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
