import { describe, expect, it } from 'vitest';
import { ALL_SELECTED, clickRow, isSelected, NO_SELECTION, selectedIn, selectOnly, type UserSelection } from './userSelection';

const list = ['1', '2', '3', '4', '5', '6'];
const click = (selection: UserSelection, id: string, range = false) => clickRow(selection, list, list.indexOf(id), id, range);
const ticked = (selection: UserSelection) => [...selectedIn(selection, list)];

describe('user selection', () => {
  it('ticks and unticks single rows', () => {
    let selection = click(NO_SELECTION, '2');
    selection = click(selection, '4');
    expect(ticked(selection)).toEqual(['2', '4']);
    expect(ticked(click(selection, '2'))).toEqual(['4']);
  });

  it('ticks a range with Shift, from the last plain click, in either direction', () => {
    const down = click(click(NO_SELECTION, '2'), '5', true);
    expect(ticked(down)).toEqual(['2', '3', '4', '5']);
    const up = click(click(NO_SELECTION, '5'), '3', true);
    expect(ticked(up)).toEqual(['3', '4', '5']);
  });

  it('unticks a range when the Shift-clicked row was ticked, keeping the anchor', () => {
    const anchored = click(selectOnly(list), '1');
    const shrunk = click(anchored, '3', true);
    expect(ticked(shrunk)).toEqual(['4', '5', '6']);
    expect(shrunk.anchor).toBe('1');
  });

  it('treats a Shift-click without an anchor in the list as a plain click', () => {
    expect(ticked(click(NO_SELECTION, '3', true))).toEqual(['3']);
    const elsewhere = clickRow({ mode: 'some', ids: new Set(['9']), anchor: '9' }, list, 1, '2', true);
    expect([...elsewhere.ids].sort()).toEqual(['2', '9']);
  });

  it('selects every row of the list, including rows that join it, and lets single rows and ranges be unticked', () => {
    expect(selectedIn(ALL_SELECTED, list)).toBe(list);
    expect(isSelected(ALL_SELECTED, 'joined later')).toBe(true);
    const fewer = click(click(ALL_SELECTED, '2'), '4', true);
    expect(ticked(fewer)).toEqual(['1', '5', '6']);
    expect(ticked(click(fewer, '3'))).toEqual(['1', '3', '5', '6']);
  });

  it('acts only on ticked rows the list still shows, in its order', () => {
    const selection = { mode: 'some' as const, ids: new Set(['5', 'gone', '1']), anchor: null };
    expect(selectedIn(selection, list)).toEqual(['1', '5']);
  });
});
