import { describe, expect, it } from 'vitest';
import type { DevicePlacement, PlacementDoor } from '../../../../shared/devices';
import { doorText, placementDetailText, placementRowText } from './placementSummaryText';

const mainEntrance: PlacementDoor = { doorId: 1, name: 'Main entrance', roles: ['entry'], users: 40 };
const lab: PlacementDoor = { doorId: 2, name: 'Lab', roles: ['exit'], users: 3 };
const hall: PlacementDoor = { doorId: 3, name: 'Hall', roles: ['entry', 'exit'], users: 1 };

function placement(overrides: Partial<DevicePlacement>): DevicePlacement {
  return { mode: 'specific', users: 42, doors: [mainEntrance, lab], moreDoors: 0, ...overrides };
}

describe('the device row’s placement line', () => {
  it('names the doors of Specific devices with their role, and the rest as "+N more" with every door in the tooltip', () => {
    expect(placementRowText(placement({}))).toEqual({
      text: 'Specific devices · 42 users via Main entrance (entry), Lab (exit)',
      title: 'Specific devices: 42 users wanted on this device, through 2 doors:\nMain entrance (entry): 40 users\nLab (exit): 3 users',
    });
    const many = placementRowText(placement({ doors: [mainEntrance, lab, hall], moreDoors: 2 }));
    expect(many.text).toBe('Specific devices · 42 users via Main entrance (entry), Lab (exit) +3 more');
    expect(many.title.split('\n')).toEqual([
      'Specific devices: 42 users wanted on this device, through 5 doors:',
      'Main entrance (entry): 40 users',
      'Lab (exit): 3 users',
      'Hall (entry and exit): 1 user',
      '2 more doors with fewer users',
    ]);
  });

  it('says when no access group reaches the device, or reaches it with nobody in it', () => {
    expect(placementRowText(placement({ users: 0, doors: [] })).text).toBe('Specific devices · no users: no access group reaches a door of this device');
    expect(placementRowText(placement({ users: 0, doors: [{ ...lab, users: 0 }] })).text).toBe('Specific devices · no users via Lab (exit)');
  });

  it('says every user goes to every device in the other modes', () => {
    expect(placementRowText(placement({ mode: 'all', users: 320, doors: [] })).text).toBe('All devices · all 320 users');
    expect(placementRowText(placement({ mode: 'all-with-device', users: 1, doors: [] })).text).toBe('All devices (including user update from device) · all 1 user');
    const notUsed = placementRowText(placement({ mode: 'not-used', users: 320, doors: [] }));
    expect(notUsed.text).toBe('Not used · 320 users wanted, pushed only when you sync');
    expect(notUsed.title).toContain('nothing is pushed automatically');
  });

  it('waits for the first check', () => {
    expect(placementRowText(null).text).toBe('Not worked out yet');
  });

  it('cleans door names like any stored text', () => {
    expect(doorText({ name: 'Dock\u202e\u0007 A', roles: ['entry'] })).toBe('Dock A (entry)');
    expect(doorText({ name: '  ', roles: ['exit'] })).toBe('unnamed door (exit)');
  });
});

describe('the device panel’s placement', () => {
  it('lists every door and its users in Specific devices', () => {
    expect(placementDetailText(placement({ moreDoors: 1 }), 'specific')).toEqual({
      summary: '42 users wanted here, through 3 doors:',
      doors: ['Main entrance (entry): 40 users', 'Lab (exit): 3 users', '1 more door with fewer users'],
    });
  });

  it('counts every user in the other modes', () => {
    expect(placementDetailText(placement({ mode: 'all', users: 320, doors: [] }), 'all')).toEqual({ summary: 'all 320 users wanted here', doors: [] });
    expect(placementDetailText(placement({ mode: 'not-used', users: 320, doors: [] }), 'not-used').summary).toBe('320 users wanted here, pushed only when you sync');
  });

  it('does not pass off a placement of the previous mode as the new one’s', () => {
    expect(placementDetailText(placement({ mode: 'all', doors: [] }), 'specific').doors).toEqual([]);
    expect(placementDetailText(placement({ mode: 'all', doors: [] }), 'specific').summary).toContain('next check');
    expect(placementDetailText(null, 'all').summary).toContain('next check');
  });
});
