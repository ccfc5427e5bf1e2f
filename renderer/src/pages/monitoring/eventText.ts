import type { EventLevel } from '../../../../shared/domain/consoleEvent';
import type { EventCategory } from '../../../../shared/domain/eventCatalog';
import type { IconShape } from '../../components/StateIcon';

/*
 * How the real-time log words a stored event: its time, severity, category and device. Pure, so
 * the page's rows stay cheap to render at thousands of events a second.
 */

export const levelLabels: Readonly<Record<EventLevel, string>> = { info: 'Info', warning: 'Warning', error: 'Error' };

/** Severity reads without colour too: a triangle for a warning, an octagon for an error, the word always. */
export const levelShapes: Readonly<Record<EventLevel, IconShape | null>> = { info: null, warning: 'warn', error: 'stop' };

export const categoryLabels: Readonly<Record<EventCategory, string>> = {
  user: 'User',
  authentication: 'Authentication',
  door: 'Door',
  device: 'Device',
  sync: 'Sync',
  console: 'Console',
};

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * "14:03:27" for an event of the day `nowMs` falls in (local time), "2024-05-01 14:03:27" for
 * an older one, "—" for a device event whose clock gave no usable time (stored as 0).
 */
export function eventTimeText(timeMs: number, nowMs: number): string {
  if (!Number.isFinite(timeMs) || timeMs <= 0) return '—';
  const at = new Date(timeMs);
  const now = new Date(nowMs);
  const clock = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay ? clock : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${clock}`;
}

/** The device's name when the console knows the device, else its ID; '' for the console's own events. */
export function eventDeviceText(deviceId: number | null, names: ReadonlyMap<number, string>): string {
  if (deviceId === null) return '';
  return names.get(deviceId) || String(deviceId);
}

/** "37 new events" while paused. */
export function newEventsText(count: number): string {
  return `${count.toLocaleString('en-US')} new ${count === 1 ? 'event' : 'events'}`;
}
