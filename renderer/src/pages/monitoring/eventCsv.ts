import { csvLine } from '../../../../shared/csv';
import { deviceText } from '../../../../shared/deviceText';
import type { StoredEvent } from '../../../dbhost/schema';
import { categoryLabels, eventDeviceText, levelLabels } from './eventText';

/*
 * The Event log's CSV: one line per event, in the columns an operator reads in the table, plus
 * the machine-readable ones (UTC time, type, device ID). Every string that may come from a device
 * goes through deviceText (no control characters) and csvField (quoted, formulas neutralised).
 */

export const EVENT_CSV_HEADER = csvLine(['Time', 'Time (UTC)', 'Severity', 'Category', 'Type', 'Device ID', 'Device', 'User ID', 'Event']);

const two = (n: number): string => String(n).padStart(2, '0');

/** "2024-05-01 14:03:27" in local time; '' for an event whose device gave no usable time. */
export function localTimeText(timeMs: number): string {
  if (!Number.isFinite(timeMs) || timeMs <= 0) return '';
  const at = new Date(timeMs);
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

export function eventCsvLine(event: StoredEvent, deviceNames: ReadonlyMap<number, string>): string {
  const usable = Number.isFinite(event.time) && event.time > 0;
  return csvLine([
    localTimeText(event.time),
    usable ? new Date(event.time).toISOString() : '',
    levelLabels[event.level],
    categoryLabels[event.category],
    event.kind,
    event.deviceId,
    event.deviceId === null ? '' : deviceText(eventDeviceText(event.deviceId, deviceNames), 200),
    event.userId === null ? '' : deviceText(event.userId, 32),
    deviceText(event.message, 500),
  ]);
}

/** "portcullis-events-20240501-140327.csv": when it was exported, local time. */
export function eventCsvFileName(nowMs: number): string {
  const at = new Date(nowMs);
  return `portcullis-events-${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}.csv`;
}
