import { create } from 'zustand';
import { EMPTY_EVENT_FILTER, type EventFilter } from '../../../../shared/domain/eventFilter';

export type MonitoringTab = 'live' | 'history';

/** How the operator set up the Monitoring page; survives leaving it (a user opened from an event, then back). */
export const useMonitoringUi = create<{
  tab: MonitoringTab;
  /** The Event log's filter in force. */
  filter: EventFilter;
  /** When it was applied (epoch ms): "the last hour" is the hour before this, until Refresh. */
  appliedAt: number;
  /** The saved filter last picked or saved, while the filter is still exactly it. */
  savedName: string | null;
  /** Counts the times the filter was replaced whole (a saved filter picked, Clear): the text fields start over from it. */
  replacedCount: number;
  setTab(tab: MonitoringTab): void;
  /** An edit of one field of the filter. */
  editFilter(filter: EventFilter): void;
  /** The whole filter replaced: by a saved filter (its name), or cleared (null). */
  replaceFilter(filter: EventFilter, savedName: string | null): void;
  /** The current filter saved under this name (null: the saved filter in force was deleted). */
  savedAs(name: string | null): void;
  /** Reads again, "the last hour" up to now. */
  refresh(): void;
}>()((set) => ({
  tab: 'live',
  filter: EMPTY_EVENT_FILTER,
  appliedAt: Date.now(),
  savedName: null,
  replacedCount: 0,
  setTab: (tab) => set({ tab }),
  editFilter: (filter) => set({ filter, savedName: null, appliedAt: Date.now() }),
  replaceFilter: (filter, savedName) => set(({ replacedCount }) => ({ filter, savedName, appliedAt: Date.now(), replacedCount: replacedCount + 1 })),
  savedAs: (name) => set({ savedName: name }),
  refresh: () => set({ appliedAt: Date.now() }),
}));
