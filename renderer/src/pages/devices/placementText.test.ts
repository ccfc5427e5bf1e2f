import { describe, expect, it } from 'vitest';
import type { UserPlacement } from '../../../../shared/ipc/contract';
import { placementReason, placementStatus } from './placementText';

const nightShift = { groupId: 30, groupName: 'Night shift', levelId: 20, levelName: 'Warehouse', doorId: 10, doorName: 'Dock', role: 'entry' } as const;

function placement(overrides: Partial<UserPlacement>): UserPlacement {
  return { userId: '1', placed: true, wanted: true, user: 'enabled', mode: 'specific', because: [nightShift], ...overrides };
}

describe('placement words', () => {
  it('spells out each chain of Specific devices', () => {
    expect(placementReason(placement({ because: [nightShift, { ...nightShift, groupName: 'Cleaners', role: 'exit' }] })).chains).toEqual([
      'Placed by Specific devices: group Night shift → level Warehouse → door Dock (entry device)',
      'Placed by Specific devices: group Cleaners → level Warehouse → door Dock (exit device)',
    ]);
    expect(placementReason(placement({})).sentence).toBe('The user’s access groups reach this device:');
    expect(placementReason(placement({ because: [], wanted: false })).sentence).toBe('Specific devices: none of the user’s access groups reaches a door of this device.');
  });

  it('says every user goes to every device in the other modes', () => {
    expect(placementReason(placement({ mode: 'all', because: [] }))).toEqual({ sentence: 'Every user goes to every device (All devices).', chains: [] });
    expect(placementReason(placement({ mode: 'not-used', because: [] })).sentence).toContain('nothing is pushed automatically');
  });

  it('names users the console does not send anywhere, and what the next sync does', () => {
    expect(placementReason(placement({ user: 'absent', because: [] })).sentence).toBe('This user is not in the console.');
    expect(placementReason(placement({ user: 'disabled', wanted: false })).sentence).toContain('disabled');
    expect(placementStatus(placement({ placed: true, wanted: false }))).toContain('next sync removes them');
    expect(placementStatus(placement({ placed: false, wanted: true }))).toContain('not placed this user on this device yet');
  });

  it('cleans control characters out of names', () => {
    expect(placementReason(placement({ because: [{ ...nightShift, doorName: 'Do\u0007ck\n' }] })).chains[0]).toMatch(/door Dock \(entry device\)$/);
  });
});
