import { describe, expect, it } from 'vitest';
import { consoleEventSchema } from './consoleEvent';
import { categoryOfKind, describeDeviceEvent, deviceEventRecord, type DeviceEventFields } from './eventCatalog';

const event = (change: Partial<DeviceEventFields>): DeviceEventFields => ({
  ID: 41,
  timestamp: 1_790_000_000,
  deviceID: 540_000_001,
  userID: '1001',
  eventCode: 0x2200,
  subCode: 0,
  changedOnDevice: false,
  ...change,
});

describe('event catalog', () => {
  it('words user-table events after who made the change, as BioStar operators read them', () => {
    expect(describeDeviceEvent(event({ eventCode: 0x2200, changedOnDevice: true })).words).toBe('User update succeeded (Device)');
    expect(describeDeviceEvent(event({ eventCode: 0x2200, changedOnDevice: false })).words).toBe('User update succeeded (BioStar)');
    expect(describeDeviceEvent(event({ eventCode: 0x2000, changedOnDevice: true })).words).toBe('User enrollment succeeded (Device)');
    expect(describeDeviceEvent(event({ eventCode: 0x2400, changedOnDevice: true })).words).toBe('User delete succeeded (Device)');
    // Failures are not worded by origin: nothing was changed.
    expect(describeDeviceEvent(event({ eventCode: 0x2300, changedOnDevice: true })).words).toBe('User update failed');
  });

  it('names the duplicate credential, and keeps an unknown code by number', () => {
    expect(describeDeviceEvent(event({ eventCode: 0x2800, subCode: 2 })).words).toBe('Duplicate credential: the card belongs to another user');
    expect(describeDeviceEvent(event({ eventCode: 0x7a01 }))).toEqual({ words: 'Device event 0x7A01', category: 'device', level: 'info', known: false });
  });

  it('says why access was denied, and which door an event of a door is about', () => {
    expect(describeDeviceEvent(event({ eventCode: 0x1900, subCode: 0x01 })).words).toBe('Access denied: no access group for this door');
    expect(describeDeviceEvent(event({ eventCode: 0x1900, subCode: 0x07 })).words).toBe('Access denied: outside the schedule');
    expect(describeDeviceEvent(event({ eventCode: 0x1900, subCode: 0x42 })).words).toBe('Access denied');
    expect(deviceEventRecord(event({ eventCode: 0x5400, userID: '', entityID: 3 })).message).toBe('Door forced open: door 3');
    expect(deviceEventRecord(event({ eventCode: 0x5200, userID: '', entityID: 0 })).message).toBe('Door opened');
  });

  it('gives each stored kind its category', () => {
    expect(categoryOfKind('device.0x1900')).toBe('authentication');
    expect(categoryOfKind('device.0x5400')).toBe('door');
    expect(categoryOfKind('device.0x2000')).toBe('user');
    expect(categoryOfKind('device.0x7A01')).toBe('device');
    expect(categoryOfKind('sync.started')).toBe('sync');
    expect(categoryOfKind('deviceOrigin.saveFailed')).toBe('user');
    expect(categoryOfKind('user.uploaded')).toBe('user');
    expect(categoryOfKind('mode.changed')).toBe('console');
    expect(categoryOfKind('device.disconnected')).toBe('device');
    expect(categoryOfKind('gateway.unreachable')).toBe('device');
  });

  it('stores a device event in the event log shape, once-keys included, whatever the device sent as a user ID', () => {
    const stored = deviceEventRecord(event({ eventCode: 0x2000, changedOnDevice: true }));
    expect(stored).toEqual({
      time: 1_790_000_000_000,
      source: 'device',
      kind: 'device.0x2000',
      level: 'info',
      message: 'User enrollment succeeded (Device): user 1001',
      deviceId: 540_000_001,
      userId: '1001',
      deviceEventId: 41,
    });
    expect(consoleEventSchema.parse(stored)).toEqual(stored);
    for (const userID of ['x'.repeat(33), 'evil\u202Eid', 'line\nbreak', '']) {
      const record = deviceEventRecord(event({ userID }));
      expect(record.userId).toBeNull();
      expect(record.message).toBe('User update succeeded (BioStar)');
      expect(consoleEventSchema.safeParse(record).success).toBe(true);
    }
  });
});
