/**
 * Which users the operator ticked in the users table. Pure functions over an immutable value,
 * so React sees every change and the rules are tested without a browser.
 *
 * `anchor` is the row last clicked without Shift: a Shift-click ticks (or unticks) every row
 * from it to the clicked one, in the list's current order.
 */
export interface UserSelection {
  ids: ReadonlySet<string>;
  anchor: string | null;
}

export const NO_SELECTION: UserSelection = { ids: new Set(), anchor: null };

/**
 * The click on row `index` (user `id`) of `list`: flips that row, or with `range` sets every
 * row from the anchor to it to the clicked row's new state. Without an anchor in the list, a
 * range click is a plain click.
 */
export function clickRow(selection: UserSelection, list: readonly string[], index: number, id: string, range: boolean): UserSelection {
  const select = !selection.ids.has(id);
  const next = new Set(selection.ids);
  const anchorIndex = range && selection.anchor !== null ? list.indexOf(selection.anchor) : -1;
  if (anchorIndex < 0) {
    if (select) next.add(id);
    else next.delete(id);
    return { ids: next, anchor: id };
  }
  const [from, to] = anchorIndex <= index ? [anchorIndex, index] : [index, anchorIndex];
  for (let i = from; i <= to; i++) {
    const rowId = list[i];
    if (rowId === undefined) continue;
    if (select) next.add(rowId);
    else next.delete(rowId);
  }
  // The anchor stays: further Shift-clicks extend or shrink from the same row.
  return { ids: next, anchor: selection.anchor };
}

/** Every row of the list (all users, or all a search matched). */
export function selectAll(list: readonly string[]): UserSelection {
  return { ids: new Set(list), anchor: null };
}

/** The ticked users that are in `list`, in its order: what a delete acts on (never a user the list no longer shows). */
export function selectedIn(selection: UserSelection, list: readonly string[]): string[] {
  if (selection.ids.size === 0) return [];
  return list.filter((id) => selection.ids.has(id));
}

/** After a delete: only the users that are still there stay ticked. */
export function withoutIds(selection: UserSelection, removed: readonly string[]): UserSelection {
  const next = new Set(selection.ids);
  for (const id of removed) next.delete(id);
  return { ids: next, anchor: selection.anchor !== null && next.has(selection.anchor) ? selection.anchor : null };
}
