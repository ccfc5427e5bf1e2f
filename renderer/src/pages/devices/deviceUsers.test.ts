import { describe, expect, it } from 'vitest';
import type { DeviceUserComparison } from '../../../../shared/ipc/contract';
import { countByStatus, filterByStatus, onDevice, selectedFor, uploadable } from './deviceUsers';

const rows: DeviceUserComparison[] = [
  { userId: '1', name: 'A', status: 'same' },
  { userId: '2', name: 'B', status: 'different' },
  { userId: '3', name: 'C', status: 'new' },
  { userId: '4', name: 'D', status: 'missing' },
  { userId: '5', name: 'E', status: 'new' },
];

describe('manage users in device', () => {
  it('counts and filters by status', () => {
    expect(countByStatus(rows)).toEqual({ all: 5, same: 1, different: 1, new: 2, missing: 1 });
    expect(filterByStatus(rows, 'new').map((r) => r.userId)).toEqual(['3', '5']);
    expect(filterByStatus(rows, 'all')).toBe(rows);
  });

  it('applies each action only to the selected rows it makes sense for', () => {
    const selected = new Set(['1', '2', '3', '4']);
    expect(selectedFor(rows, selected, uploadable)).toEqual([['2', '3']]);
    expect(selectedFor(rows, selected, onDevice)).toEqual([['1', '2', '3']]);
    expect(selectedFor(rows, new Set(), onDevice)).toEqual([]);
  });

  it('splits large selections into request-sized batches', () => {
    const many: DeviceUserComparison[] = Array.from({ length: 25_000 }, (_, i) => ({ userId: String(i + 1), name: '', status: 'new' }));
    const batches = selectedFor(many, new Set(many.map((r) => r.userId)), uploadable);
    expect(batches.map((b) => b.length)).toEqual([10_000, 10_000, 5_000]);
  });
});
