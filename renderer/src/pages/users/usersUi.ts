import { create } from 'zustand';
import { DEFAULT_USER_SORT, type UserSort, type UserSortKey } from '../../data/userOrder';

/** What the operator set up on the Users page; survives leaving it. */
export const useUsersUi = create<{
  search: string;
  sort: UserSort;
  /** A user another page asked to show (a user ID clicked in an event); the Users page opens it once. */
  showRequest: string | null;
  setSearch(search: string): void;
  /** Sorts by `key`; the same key again flips the direction. */
  sortBy(key: UserSortKey): void;
  /** Searches for the user's ID and asks the page to open that user. */
  showUser(id: string): void;
  forgetShowRequest(): void;
}>()((set) => ({
  search: '',
  sort: DEFAULT_USER_SORT,
  showRequest: null,
  setSearch: (search) => set({ search }),
  sortBy: (key) => set(({ sort }) => ({ sort: { key, direction: sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc' } })),
  showUser: (id) => set({ search: id, showRequest: id }),
  forgetShowRequest: () => set({ showRequest: null }),
}));
