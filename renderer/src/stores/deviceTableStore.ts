import { create } from 'zustand';
import type { DeviceSort, DeviceSortKey } from './devicesStore';

/** How the operator set up the devices table; survives leaving the page. */
interface DeviceTableUi {
  sort: DeviceSort;
  filter: string;
  /** The device shown in the detail panel (DeviceView.key); null: none. */
  selectedKey: string | null;
  setFilter(filter: string): void;
  select(key: string | null): void;
  /** Sorts by `key`; the same key again flips the direction. */
  sortBy(key: DeviceSortKey): void;
}

export const useDeviceTableUi = create<DeviceTableUi>()((set) => ({
  sort: { key: 'name', direction: 'asc' },
  filter: '',
  selectedKey: null,
  setFilter: (filter) => set({ filter }),
  select: (selectedKey) => set({ selectedKey }),
  sortBy: (key) =>
    set(({ sort }) => ({
      sort: { key, direction: sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc' },
    })),
}));
