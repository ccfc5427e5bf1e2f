import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { SelectAllState } from './UserTable';
import { ALL_SELECTED, clickRow, NO_SELECTION, selectedIn, selectOnly, type UserSelection } from './userSelection';

/**
 * The ticked users of the list on screen. A new search starts with nothing ticked, so a delete
 * only ever acts on users the operator can see listed; a new order keeps the ticks.
 */
export function useListSelection(searchText: string, listIds: readonly string[] | null) {
  const [state, setState] = useState<{ searchText: string; selection: UserSelection }>({ searchText, selection: NO_SELECTION });
  const selection = state.searchText === searchText ? state.selection : NO_SELECTION;
  const ids = listIds ?? NO_IDS;
  // Rows call onCheck; it stays the same function so they do not re-render on every change.
  const latest = useRef({ searchText, ids });
  useLayoutEffect(() => {
    latest.current = { searchText, ids };
  });
  const update = useCallback((change: (selection: UserSelection) => UserSelection) => {
    setState((previous) => {
      const { searchText: current } = latest.current;
      return { searchText: current, selection: change(previous.searchText === current ? previous.selection : NO_SELECTION) };
    });
  }, []);
  const onCheck = useCallback(
    (index: number, id: string, range: boolean) => update((previous) => clickRow(previous, latest.current.ids, index, id, range)),
    [update],
  );
  // At most one pass over the list per change of the ticks or of the list, never per scroll.
  const selectedIds = useMemo(() => selectedIn(selection, ids), [selection, ids]);
  const total = ids.length;
  return {
    selection,
    selectedIds,
    onCheck,
    clear: () => update(() => NO_SELECTION),
    /** Exactly these users (what a delete that stopped part-way left). */
    keepOnly: (ids: readonly string[]) => update(() => selectOnly(ids)),
    selectAll: ([one, many]: [string, string]): SelectAllState => {
      const checked = total > 0 && selectedIds.length === total;
      return {
        checked,
        mixed: selectedIds.length > 0 && !checked,
        label: checked ? 'Clear the selection' : `Select all ${total} ${total === 1 ? one : many}`,
        onToggle: () => update(() => (checked ? NO_SELECTION : ALL_SELECTED)),
      };
    },
  };
}

const NO_IDS: readonly string[] = [];
