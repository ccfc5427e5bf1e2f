import { describe, expect, it } from 'vitest';
import { UNKNOWN_SYNC, type DeviceSync } from '../../../shared/devices';
import { device } from '../testing/fixtures';
import {
  countByState,
  createDevicesStore,
  deviceComparator,
  matchesFilter,
  selectSortedRows,
  summaryText,
} from './devicesStore';

describe('devicesStore', () => {
  it('loads a list into a map by key', () => {
    const store = createDevicesStore();
    expect(store.getState().loaded).toBe(false);
    store.getState().load([device(1), device(2)]);
    const { devices, loaded } = store.getState();
    expect(loaded).toBe(true);
    expect([...devices.keys()]).toEqual(['virtual/1', 'virtual/2']);
  });

  it('applies upserts and removals', () => {
    const store = createDevicesStore();
    store.getState().load([device(1), device(2), device(3)]);
    store.getState().applyDelta({ upserted: [device(2, { connection: 'disconnected' }), device(4)], removed: ['virtual/3'] });
    const { devices } = store.getState();
    expect([...devices.keys()].sort()).toEqual(['virtual/1', 'virtual/2', 'virtual/4']);
    expect(devices.get('virtual/2')?.connection).toBe('disconnected');
  });

  it('treats a key both upserted and removed in one delta as removed', () => {
    const store = createDevicesStore();
    store.getState().load([device(1)]);
    store.getState().applyDelta({ upserted: [device(1, { name: 'x' })], removed: ['virtual/1'] });
    expect(store.getState().devices.size).toBe(0);
  });

  it('ignores removal of an unknown key without a new map', () => {
    const store = createDevicesStore();
    store.getState().load([device(1)]);
    const before = store.getState().devices;
    store.getState().applyDelta({ upserted: [], removed: ['virtual/99'] });
    expect(store.getState().devices).toBe(before);
  });

  it('keeps the identity of untouched and unchanged devices', () => {
    const store = createDevicesStore();
    store.getState().load([device(1), device(2)]);
    const before = store.getState().devices;
    const one = before.get('virtual/1');
    const two = before.get('virtual/2');

    // An upsert equal to what is stored changes nothing at all.
    store.getState().applyDelta({ upserted: [device(1)], removed: [] });
    expect(store.getState().devices).toBe(before);

    store.getState().applyDelta({ upserted: [device(2, { userCount: 11 })], removed: [] });
    const after = store.getState().devices;
    expect(after).not.toBe(before);
    expect(after.get('virtual/1')).toBe(one);
    expect(after.get('virtual/2')).not.toBe(two);
    // The previous map was not mutated.
    expect(before.get('virtual/2')?.userCount).toBe(10);
  });

  it('keeps unchanged objects across a reload', () => {
    const store = createDevicesStore();
    store.getState().load([device(1), device(2)]);
    const one = store.getState().devices.get('virtual/1');
    store.getState().load([device(1), device(2, { name: 'renamed' })]);
    expect(store.getState().devices.get('virtual/1')).toBe(one);
    expect(store.getState().devices.get('virtual/2')?.name).toBe('renamed');
  });

  describe('ordering of deltas and snapshots', () => {
    it('replays a delta that arrived while the list was in flight over the (older) snapshot', () => {
      const store = createDevicesStore();
      const token = store.getState().beginLoad();
      // Pushed after the core took the snapshot, received before the answer.
      store.getState().applyDelta({ upserted: [device(1, { connection: 'disconnected' })], removed: [] });
      store.getState().applyDelta({ upserted: [device(5)], removed: [] });
      expect(store.getState().load([device(1, { connection: 'connected' }), device(2)], token)).toBe(true);
      const { devices } = store.getState();
      expect(devices.get('virtual/1')?.connection).toBe('disconnected');
      expect(devices.has('virtual/5')).toBe(true);
      expect(devices.has('virtual/2')).toBe(true);
    });

    it('replays a removal that raced the snapshot', () => {
      const store = createDevicesStore();
      const token = store.getState().beginLoad();
      store.getState().applyDelta({ upserted: [], removed: ['virtual/2'] });
      store.getState().load([device(1), device(2)], token);
      expect([...store.getState().devices.keys()]).toEqual(['virtual/1']);
    });

    it('replays deltas in the order they arrived', () => {
      const store = createDevicesStore();
      const token = store.getState().beginLoad();
      store.getState().applyDelta({ upserted: [device(1, { connection: 'connecting' })], removed: [] });
      store.getState().applyDelta({ upserted: [], removed: ['virtual/1'] });
      store.getState().applyDelta({ upserted: [device(1, { connection: 'connected', name: 'back' })], removed: [] });
      store.getState().load([device(1, { connection: 'disconnected' })], token);
      expect(store.getState().devices.get('virtual/1')).toMatchObject({ connection: 'connected', name: 'back' });
    });

    it('a delta already in the snapshot replays harmlessly', () => {
      const store = createDevicesStore();
      const token = store.getState().beginLoad();
      store.getState().applyDelta({ upserted: [device(1, { userCount: 3 })], removed: [] });
      store.getState().load([device(1, { userCount: 3 }), device(2)], token);
      expect(store.getState().devices.get('virtual/1')?.userCount).toBe(3);
      expect(store.getState().devices.size).toBe(2);
    });

    it('shows deltas before any list arrived', () => {
      const store = createDevicesStore();
      store.getState().beginLoad();
      store.getState().applyDelta({ upserted: [device(7)], removed: [] });
      expect(store.getState().devices.has('virtual/7')).toBe(true);
      expect(store.getState().loaded).toBe(false);
    });

    it('lets a snapshot supersede deltas received before its load began', () => {
      const store = createDevicesStore();
      store.getState().load([device(1)]);
      store.getState().applyDelta({ upserted: [device(1, { connection: 'connecting' })], removed: [] });
      // The link dropped; the device connected meanwhile; a reload after the reconnect:
      const token = store.getState().beginLoad();
      store.getState().load([device(1, { connection: 'connected' })], token);
      expect(store.getState().devices.get('virtual/1')?.connection).toBe('connected');
    });

    it('does not replay the same deltas over a later snapshot', () => {
      const store = createDevicesStore();
      const first = store.getState().beginLoad();
      store.getState().applyDelta({ upserted: [device(1, { connection: 'connecting' })], removed: [] });
      store.getState().load([device(1)], first);
      const second = store.getState().beginLoad();
      store.getState().load([device(1, { connection: 'connected' })], second);
      expect(store.getState().devices.get('virtual/1')?.connection).toBe('connected');
    });

    it('ignores a stale snapshot once a newer load began', () => {
      const store = createDevicesStore();
      const older = store.getState().beginLoad();
      const newer = store.getState().beginLoad();
      store.getState().applyDelta({ upserted: [device(3)], removed: [] });
      expect(store.getState().load([device(1)], newer)).toBe(true);
      expect(store.getState().load([device(1), device(2)], older)).toBe(false);
      expect([...store.getState().devices.keys()].sort()).toEqual(['virtual/1', 'virtual/3']);
    });

    it('stops recording when a load is aborted', () => {
      const store = createDevicesStore();
      store.getState().load([device(1)]);
      const token = store.getState().beginLoad();
      store.getState().abortLoad(token);
      store.getState().applyDelta({ upserted: [device(1, { connection: 'connecting' })], removed: [] });
      // A later snapshot without a load in flight simply replaces.
      store.getState().load([device(1)]);
      expect(store.getState().devices.get('virtual/1')?.connection).toBe('connected');
    });

    it('applies a batch of deltas in one update', () => {
      const store = createDevicesStore();
      store.getState().load([device(1), device(2)]);
      let updates = 0;
      store.subscribe(() => updates++);
      store.getState().applyDeltas([
        { upserted: [device(1, { connection: 'disconnected' })], removed: [] },
        { upserted: [device(2, { connection: 'disconnected' })], removed: [] },
        { upserted: [device(1, { connection: 'connecting' })], removed: [] },
      ]);
      expect(updates).toBe(1);
      expect(store.getState().devices.get('virtual/1')?.connection).toBe('connecting');
    });
  });
});

describe('device selectors', () => {
  const fleet = new Map(
    [
      device(1, { name: 'Lobby', connection: 'connected', ip: '10.0.0.20', userCount: 5 }),
      device(2, { name: 'Dock 2', connection: 'disconnected', ip: '10.0.0.3', userCount: null, model: 'FaceStation F2' }),
      device(10, { name: 'dock 10', connection: 'cannot-connect', ip: '10.0.0.100', firmware: null }),
      device(3, { name: 'Annex', connection: 'connecting', ip: '10.0.1.1', userCount: 500 }),
    ].map((d) => [d.key, d]),
  );
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);

  it('counts by state and writes the summary', () => {
    const counts = countByState(fleet.values());
    expect(counts).toEqual({ total: 4, connected: 1, connecting: 1, disconnected: 1, 'cannot-connect': 1 });
    expect(summaryText(counts)).toBe('4 devices · 1 connected · 1 connecting · 1 disconnected · 1 cannot connect');
    const some = countByState([device(1), device(2), device(3, { connection: 'disconnected' })]);
    expect(summaryText(some)).toBe('3 devices · 2 connected · 1 disconnected');
    expect(summaryText(countByState([]))).toBe('0 devices');
    expect(summaryText(countByState([device(1)]))).toBe('1 device · 1 connected');
  });

  it('sorts names naturally and case-insensitively, both directions', () => {
    expect(names(selectSortedRows(fleet, { key: 'name', direction: 'asc' }))).toEqual(['Annex', 'Dock 2', 'dock 10', 'Lobby']);
    expect(names(selectSortedRows(fleet, { key: 'name', direction: 'desc' }))).toEqual(['Lobby', 'dock 10', 'Dock 2', 'Annex']);
  });

  it('sorts by state with problems first, IPs numerically, unknowns last', () => {
    expect(names(selectSortedRows(fleet, { key: 'connection', direction: 'asc' }))).toEqual([
      'dock 10',
      'Dock 2',
      'Annex',
      'Lobby',
    ]);
    expect(names(selectSortedRows(fleet, { key: 'ip', direction: 'asc' }))).toEqual(['Dock 2', 'Lobby', 'dock 10', 'Annex']);
    expect(names(selectSortedRows(fleet, { key: 'userCount', direction: 'asc' }))).toEqual([
      'Lobby',
      'dock 10',
      'Annex',
      'Dock 2',
    ]);
    expect(names(selectSortedRows(fleet, { key: 'userCount', direction: 'desc' }))).toEqual([
      'Annex',
      'dock 10',
      'Lobby',
      'Dock 2',
    ]);
    expect(names(selectSortedRows(fleet, { key: 'firmware', direction: 'desc' })).at(-1)).toBe('dock 10');
  });

  it('sorts by sync state with the devices that need attention first', () => {
    const sync = (state: DeviceSync['state']): DeviceSync => ({ ...UNKNOWN_SYNC, state });
    const mixed = new Map(
      [
        device(1, { name: 'ok', sync: sync('in-sync') }),
        device(2, { name: 'yellow', sync: sync('out-of-sync') }),
        device(3, { name: 'red', sync: sync('error') }),
        device(4, { name: 'new', sync: sync('unknown') }),
      ].map((d) => [d.key, d]),
    );
    expect(names(selectSortedRows(mixed, { key: 'sync', direction: 'asc' }))).toEqual(['red', 'yellow', 'new', 'ok']);
  });

  it('sorts by the users the console wants on each device, devices not checked yet last', () => {
    const wanting = (users: number | null): DeviceSync => ({ ...UNKNOWN_SYNC, placement: users === null ? null : { mode: 'all', users, doors: [], moreDoors: 0 } });
    const mixed = new Map(
      [device(1, { name: 'few', sync: wanting(3) }), device(2, { name: 'new', sync: wanting(null) }), device(3, { name: 'many', sync: wanting(300) })].map((d) => [d.key, d]),
    );
    expect(names(selectSortedRows(mixed, { key: 'placement', direction: 'asc' }))).toEqual(['few', 'many', 'new']);
    expect(names(selectSortedRows(mixed, { key: 'placement', direction: 'desc' }))).toEqual(['many', 'few', 'new']);
  });

  it('breaks ties by name then key, so equal rows never swap', () => {
    const a = device(1, { name: 'Same', gatewayId: 'a' });
    const b = device(1, { name: 'Same', gatewayId: 'b' });
    const compare = deviceComparator({ key: 'deviceID', direction: 'desc' });
    expect(compare(a, b)).toBeLessThan(0);
    expect(compare(b, a)).toBeGreaterThan(0);
  });

  it('filters on name, device ID, IP and model', () => {
    expect(names(selectSortedRows(fleet, { key: 'name', direction: 'asc' }, 'DOCK'))).toEqual(['Dock 2', 'dock 10']);
    expect(names(selectSortedRows(fleet, { key: 'name', direction: 'asc' }, '10.0.1.'))).toEqual(['Annex']);
    expect(names(selectSortedRows(fleet, { key: 'name', direction: 'asc' }, 'facestation'))).toEqual(['Dock 2']);
    expect(matchesFilter(device(4242), '424')).toBe(true);
    expect(matchesFilter(device(1), '   ')).toBe(true);
    expect(matchesFilter(device(1), 'nothing like it')).toBe(false);
  });
});
