/**
 * Which users the operator ticked in the users table. Pure functions over an immutable value,
 * so React sees every change and the rules are tested without a browser.
 *
 * "Select all" is a mode, not a set of every ID: ticking 100,000 users then costs nothing, and
 * unticking a few of them costs a few entries. In mode `all`, `ids` are the exceptions.
 * `anchor` is the row last clicked without Shift: a Shift-click ticks (or unticks) every row
 * from it to the clicked one, in the list's current order.
 */
export interface UserSelection {
  mode: 'some' | 'all';
  /** mode some: the ticked users; mode all: the unticked ones. */
  ids: ReadonlySet<string>;
  anchor: string | null;
}

export const NO_SELECTION: UserSelection = { mode: 'some', ids: new Set(), anchor: null };

/** Every row of the list (all users, or all a search matched), including rows that join it later. */
export const ALL_SELECTED: UserSelection = { mode: 'all', ids: new Set(), anchor: null };

export function isSelected(selection: UserSelection, id: string): boolean {
  return selection.ids.has(id) === (selection.mode === 'some');
}

/** Exactly these users. */
export function selectOnly(ids: readonly string[]): UserSelection {
  return { mode: 'some', ids: new Set(ids), anchor: null };
}

/**
 * The click on row `index` (user `id`) of `list`: flips that row, or with `range` sets every
 * row from the anchor to it to the clicked row's new state. Without an anchor in the list, a
 * range click is a plain click.
 */
export function clickRow(selection: UserSelection, list: readonly string[], index: number, id: string, range: boolean): UserSelection {
  const select = !isSelected(selection, id);
  // In mode all an exception is an unticked row.
  const listed = select === (selection.mode === 'some');
  const next = new Set(selection.ids);
  const mark = (rowId: string): void => {
    if (listed) next.add(rowId);
    else next.delete(rowId);
  };
  const anchorIndex = range && selection.anchor !== null ? list.indexOf(selection.anchor) : -1;
  if (anchorIndex < 0) {
    mark(id);
    return { mode: selection.mode, ids: next, anchor: id };
  }
  const [from, to] = anchorIndex <= index ? [anchorIndex, index] : [index, anchorIndex];
  for (const rowId of list.slice(from, to + 1)) mark(rowId);
  // The anchor stays: further Shift-clicks extend or shrink from the same row.
  return { mode: selection.mode, ids: next, anchor: selection.anchor };
}

/** The ticked users that are in `list`, in its order: what a delete acts on (never a user the list does not show). */
export function selectedIn(selection: UserSelection, list: readonly string[]): readonly string[] {
  if (selection.mode === 'all') return selection.ids.size === 0 ? list : list.filter((id) => !selection.ids.has(id));
  return selection.ids.size === 0 ? [] : list.filter((id) => selection.ids.has(id));
}
