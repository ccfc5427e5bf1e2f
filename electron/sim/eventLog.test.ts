import { expect, it } from 'vitest';
import { DeviceEventLog } from './eventLog';

it('numbers events from 1 and pages across storage chunks', () => {
  const log = new DeviceEventLog(77);
  expect(log.read(0, 0)).toEqual([]);
  for (let n = 1; n <= 10_000; n++) {
    log.append({ eventCode: 0x2000, userID: String(n), changedOnDevice: n % 2 === 0, timestamp: 1_700_000_000 + n });
  }
  expect(log.lastID).toBe(10_000);
  const page = log.read(4095, 3);
  expect(page.map((event) => [event.ID, event.userID, event.changedOnDevice, event.timestamp])).toEqual([
    [4095, '4095', false, 1_700_004_095],
    [4096, '4096', true, 1_700_004_096],
    [4097, '4097', false, 1_700_004_097],
  ]);
  expect(page[0]).toMatchObject({ deviceID: 77, eventCode: 0x2000, subCode: 0, hasImage: false });
  expect(log.read(9_999, 0).map((event) => event.ID)).toEqual([9_999, 10_000]);
  expect(log.read(10_001, 0)).toEqual([]);
  expect(log.read(0, 2).map((event) => event.ID)).toEqual([1, 2]);
});

it('keeps only its newest events when given a capacity: a read from an overwritten ID starts at the oldest kept', () => {
  const log = new DeviceEventLog(78, 5_000);
  for (let n = 1; n <= 9_000; n++) log.append({ eventCode: 0x1000, userID: String(n) });
  expect(log.firstID).toBe(4_001);
  expect(log.lastID).toBe(9_000);
  expect(log.read(1, 2).map((event) => [event.ID, event.userID])).toEqual([
    [4_001, '4001'],
    [4_002, '4002'],
  ]);
  expect(log.read(8_999, 0).map((event) => event.ID)).toEqual([8_999, 9_000]);
  expect(log.read(0, 0)).toHaveLength(5_000);
  // Lowered later: what is beyond the new capacity goes at once.
  log.setCapacity(10);
  expect(log.firstID).toBe(8_991);
  expect(log.read(0, 0).map((event) => event.ID)).toEqual(Array.from({ length: 10 }, (_, index) => 8_991 + index));
  log.append({ eventCode: 0x1000 });
  expect(log.read(0, 1)[0]?.ID).toBe(8_992);
});
