import { describe, expect, it } from 'vitest';
import { gateway } from '../testing/fixtures';
import { createGatewaysStore, isGatewayProblem, overallGatewayState } from './gatewaysStore';

describe('gatewaysStore', () => {
  it('loads and replaces the list from events', () => {
    const store = createGatewaysStore();
    store.getState().load([gateway('virtual')]);
    expect(store.getState().loaded).toBe(true);
    store.getState().applyList([gateway('virtual', { state: 'unreachable', message: 'refused' })]);
    expect(store.getState().gateways[0]?.state).toBe('unreachable');
  });

  it('keeps the array when an event changes nothing', () => {
    const store = createGatewaysStore();
    store.getState().load([gateway('virtual'), gateway('remote')]);
    const before = store.getState().gateways;
    store.getState().applyList([gateway('virtual'), gateway('remote')]);
    expect(store.getState().gateways).toBe(before);
    store.getState().applyList([gateway('virtual'), gateway('remote', { state: 'connecting' })]);
    expect(store.getState().gateways).not.toBe(before);
    expect(store.getState().gateways[0]).toBe(before[0]);
  });

  it('an event received during the load wins over the snapshot', () => {
    const store = createGatewaysStore();
    const token = store.getState().beginLoad();
    store.getState().applyList([gateway('virtual', { state: 'untrusted' })]);
    store.getState().load([gateway('virtual', { state: 'connecting' })], token);
    expect(store.getState().gateways[0]?.state).toBe('untrusted');
  });

  it('a snapshot wins over events received before its load began', () => {
    const store = createGatewaysStore();
    store.getState().applyList([gateway('virtual', { state: 'unreachable' })]);
    const token = store.getState().beginLoad();
    store.getState().load([gateway('virtual')], token);
    expect(store.getState().gateways[0]?.state).toBe('connected');
  });

  it('ignores a stale snapshot', () => {
    const store = createGatewaysStore();
    const older = store.getState().beginLoad();
    const newer = store.getState().beginLoad();
    store.getState().load([gateway('a')], newer);
    expect(store.getState().load([gateway('b')], older)).toBe(false);
    expect(store.getState().gateways.map((g) => g.id)).toEqual(['a']);
  });

  it('keeps a troubled gateway in attention while it retries, until it connects', () => {
    const store = createGatewaysStore();
    store.getState().load([gateway('a', { state: 'connecting' }), gateway('b')]);
    expect([...store.getState().attention]).toEqual([]);
    store.getState().applyList([gateway('a', { state: 'unreachable' }), gateway('b')]);
    expect([...store.getState().attention]).toEqual(['a']);
    const kept = store.getState().attention;
    store.getState().applyList([gateway('a', { state: 'connecting' }), gateway('b')]);
    expect(store.getState().attention).toBe(kept);
    store.getState().applyList([gateway('a', { state: 'connected' }), gateway('b')]);
    expect([...store.getState().attention]).toEqual([]);
  });

  it('ranks the worst state for the top bar', () => {
    expect(overallGatewayState([])).toBeNull();
    expect(overallGatewayState([gateway('a'), gateway('b', { state: 'connecting' })])).toBe('connecting');
    expect(overallGatewayState([gateway('a', { state: 'unreachable' }), gateway('b', { state: 'untrusted' })])).toBe('untrusted');
    expect(isGatewayProblem(gateway('a', { state: 'connecting' }))).toBe(false);
    expect(isGatewayProblem(gateway('a', { state: 'failed' }))).toBe(true);
  });
});
