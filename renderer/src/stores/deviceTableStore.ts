import { create } from 'zustand';
import type { DeviceSort, DeviceSortKey } from './devicesStore';

/** How the operator set up the devices table; survives leaving the page. */
interface DeviceTableUi {
  sort: DeviceSort;
  filter: string;
  setFilter(filter: string): void;
  /** Sorts by `key`; the same key again flips the direction. */
  sortBy(key: DeviceSortKey): void;
}

export const useDeviceTableUi = create<DeviceTableUi>()((set) => ({
  sort: { key: 'name', direction: 'asc' },
  filter: '',
  setFilter: (filter) => set({ filter }),
  sortBy: (key) =>
    set(({ sort }) => ({
      sort: { key, direction: sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc' },
    })),
}));
