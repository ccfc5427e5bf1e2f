import { describe, expect, it } from 'vitest';
import type { Door } from '../../../../shared/domain/access';
import { doorForm, doorFromForm, doorInputSummary, type DoorForm } from './doorForm';

const blank = (change: Partial<DoorForm> = {}): DoorForm => ({ ...doorForm(null), name: 'Main', entryDeviceId: '101', ...change });

describe('door form', () => {
  it('builds a door without sensor or exit button, with the default timing', () => {
    expect(doorFromForm(blank()).record).toEqual({
      name: 'Main',
      entryDeviceId: 101,
      exitDeviceId: null,
      relayPort: 0,
      sensor: null,
      exitButton: null,
      autoLockSeconds: 3,
      heldOpenSeconds: 10,
    });
  });

  it('builds a door with a sensor on the entry device and an exit button on the exit device', () => {
    const form = blank({
      exitDeviceId: '102',
      sensor: { deviceId: '101', port: '0', switchType: 'normally-closed' },
      exitButton: { deviceId: '102', port: '3', switchType: 'normally-open' },
      autoLockSeconds: '5',
      heldOpenSeconds: '60',
    });
    const { record } = doorFromForm(form);
    expect(record).toMatchObject({
      sensor: { deviceId: 101, port: 0, switchType: 'normally-closed' },
      exitButton: { deviceId: 102, port: 3, switchType: 'normally-open' },
      autoLockSeconds: 5,
      heldOpenSeconds: 60,
    });
    expect(doorForm(record)).toEqual(form);
  });

  it('puts each problem on its field, the wiring rules beside the others', () => {
    expect(doorFromForm(blank({ entryDeviceId: '', relayPort: '16' })).errors).toEqual({
      entryDeviceId: ['choose the device at the entry'],
      relayPort: ['the relay is a number from 0 to 15'],
    });
    expect(doorFromForm(blank({ exitDeviceId: '101' })).errors).toEqual({ exitDeviceId: ['the exit device must differ from the entry device'] });
    const miswired = blank({
      name: '',
      sensor: { deviceId: '999', port: '16', switchType: 'normally-closed' },
      exitButton: { deviceId: '101', port: 'x', switchType: 'normally-open' },
      autoLockSeconds: '0',
      heldOpenSeconds: '901',
    });
    expect(doorFromForm(miswired).errors).toEqual({
      name: ['enter a name'],
      sensorPort: ['the input port is a number from 0 to 15'],
      exitButtonPort: ['the input port is a number from 0 to 15'],
      autoLockSeconds: ['the unlock time is 1 to 900 seconds'],
      heldOpenSeconds: ['the held-open time is 1 to 900 seconds'],
      sensorDeviceId: ['the door sensor must be wired to the entry or exit device'],
    });
    const shared = blank({ sensor: { deviceId: '101', port: '1', switchType: 'normally-closed' }, exitButton: { deviceId: '101', port: '1', switchType: 'normally-open' } });
    expect(doorFromForm(shared).errors).toEqual({ exitButtonPort: ['the door sensor already uses this input port'] });
  });

  it('summarizes a sensor or exit button for the list', () => {
    const door: Pick<Door, 'entryDeviceId' | 'exitDeviceId'> = { entryDeviceId: 7, exitDeviceId: 8 };
    const label = (id: number) => `Gate (${id})`;
    expect(doorInputSummary({ deviceId: 7, port: 2, switchType: 'normally-closed' }, door, label)).toBe('Entry device, input 2, normally closed');
    expect(doorInputSummary({ deviceId: 8, port: 1, switchType: 'normally-open' }, door, label)).toBe('Exit device, input 1, normally open');
    // Only a door saved before its devices changed names another device.
    expect(doorInputSummary({ deviceId: 9, port: 1, switchType: 'normally-open' }, door, label)).toBe('Gate (9), input 1, normally open');
    expect(doorInputSummary(null, door, label)).toBe('—');
  });
});
