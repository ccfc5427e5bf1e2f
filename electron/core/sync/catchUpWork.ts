import type { EventLog } from '../../gsdk';
import type { DeviceSlot } from './deviceSlot';
import { consoleEvent } from './syncEvents';
import { failureOf, type WorkContext } from './workContext';

/**
 * The first step after every (re)connect and console start (DESIGN.md §4, "Reconnect"): read
 * what the device logged since the stored cursor, page by page, and send each page the way of
 * live events (stored in the event log, then handled), before the check and any push. A user edited at the device while the
 * console was away is then known to the check that follows, which finds it outdated even where
 * its header counts did not move, so the console's record goes back on the device.
 *
 * A device whose log cannot be read is still checked and synced: its check is made deep, which
 * finds such edits by reading every record.
 */
export async function runCatchUp(
  context: WorkContext,
  slot: DeviceSlot,
  handlePage: (slot: DeviceSlot, events: readonly EventLog[]) => Promise<void>,
  /** Checked after each page: a catch-up of events left behind gives way to the device's other work (and resumes later). */
  shouldYield: () => boolean = () => false,
): Promise<void> {
  const link = slot.link;
  if (!link) return;
  const pageSize = context.tuning.logPageSize;
  // Reading events left behind while connected is routine, not news for the operator.
  const fromBehind = !slot.wantsCatchUp;
  let read = 0;
  try {
    let next = (await context.cursors.position(slot.deviceId)) + 1;
    for (;;) {
      const page = await link.client.event.getLog(slot.deviceId, next, pageSize);
      if (slot.link !== link || context.signal.aborted) return;
      const start = next;
      const events: EventLog[] = [];
      for (const event of page) {
        // Device data is untrusted: another device's event, or one before the page, is not this log's.
        if (event.deviceID !== slot.deviceId || event.ID < next) continue;
        events.push(event);
        next = event.ID + 1;
      }
      // Stored and handed on before the next page, so the check that follows knows all of it.
      await handlePage(slot, events);
      read += events.length;
      // A short page is the end; a page that did not move on would be read forever.
      if (page.length < pageSize || next === start) break;
      // Pages are handled in order, so stopping here leaves the cursor exactly where reading resumes.
      if (shouldYield()) return;
    }
    slot.wantsCatchUp = false;
    slot.logBehind = false;
    if (read > 0 && !fromBehind) {
      context.events.add(consoleEvent(context.now(), 'catchUp.read', 'info', `Read ${read} event(s) ${context.deviceName(slot)} logged while the console was away`, slot.deviceId));
    }
  } catch (error) {
    // Dropped meanwhile: the reconnect catches up again.
    if (slot.link !== link || context.signal.aborted) return;
    slot.wantsCatchUp = false;
    slot.logBehind = false;
    slot.wantsCheck = 'deep';
    const { message } = failureOf(error, slot.deviceId);
    context.events.add(
      consoleEvent(
        context.now(),
        'catchUp.failed',
        'warning',
        `Could not read the event log of ${context.deviceName(slot)} (${message}) after ${read} event(s); a deep check looks for changes made at the device instead`,
        slot.deviceId,
      ),
    );
  }
}
