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
