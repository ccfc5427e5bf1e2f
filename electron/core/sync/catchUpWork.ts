import type { EventLog } from '../../gsdk';
import type { DeviceSlot } from './deviceSlot';
import { consoleEvent } from './syncEvents';
import { failureOf, type WorkContext } from './workContext';

/**
 * Why the log is read, which says where reading starts and what the operator is told:
 * - `connect`: after every (re)connect and console start, from the stored cursor;
 * - `behind`: live events are missing (left in the log while the event log's backlog was full,
 *   or skipped by the live stream), from the cursor again, skipping what is handled;
 * - `tail`: after the last event seen on this connection, for an event the stream dropped last.
 */
export type CatchUpReason = 'connect' | 'behind' | 'tail';

export interface CatchUpOptions {
  reason: CatchUpReason;
  /** Checked after each page: reading events left behind gives way to the device's other work (and resumes later). */
  shouldYield?: () => boolean;
}

/**
 * Reads what the device logged and the console has not handled, page by page, and sends each
 * page the way of live events (stored in the event log, then handled). After a (re)connect this
 * is the first step, before the check and any push (DESIGN.md §4, "Reconnect"): a user edited at
 * the device while the console was away is then known to the check that follows, which finds it
 * outdated even where its header counts did not move, so the console's record goes back on the
 * device. While connected it fetches what the live stream missed, so an enrollment at a reader
 * whose live event the gateway discarded is still pulled.
 *
 * A device whose log cannot be read is still checked and synced: its check is made deep, which
 * finds such edits by reading every record.
 */
export async function runCatchUp(
  context: WorkContext,
  slot: DeviceSlot,
  handlePage: (slot: DeviceSlot, events: readonly EventLog[]) => Promise<void>,
  options: CatchUpOptions,
): Promise<void> {
  const link = slot.link;
  if (!link) return;
  const { reason, shouldYield = () => false } = options;
  const pageSize = context.tuning.logPageSize;
  // Taken now: a gap the live stream shows while this runs asks for another read.
  const missedLive = slot.missedLive;
  slot.missedLive = 0;
  // Any read goes on to the end of the log, which covers a tail read too.
  if (reason !== 'tail') slot.logBehind = false;
  slot.wantsTailRead = false;
  let read = 0;
  try {
    const position = await context.cursors.position(slot.deviceId);
    let next = (reason === 'tail' ? Math.max(position, slot.lastSeenEventId) : position) + 1;
    for (;;) {
      const page = await link.client.event.getLog(slot.deviceId, next, pageSize);
      if (slot.link !== link || context.signal.aborted) return;
      const start = next;
      const events: EventLog[] = [];
      for (const event of page) {
        // Device data is untrusted: another device's event, or one before the page, is not this log's.
        if (event.deviceID !== slot.deviceId || event.ID < next) continue;
        next = event.ID + 1;
        slot.lastSeenEventId = Math.max(slot.lastSeenEventId, event.ID);
        // Handled already (live, above the gap being read): its effects are stored, so a user is not pulled twice.
        if (!context.cursors.isHandled(slot.deviceId, event.ID)) events.push(event);
      }
      // Stored and handed on before the next page, so the check that follows knows all of it.
      await handlePage(slot, events);
      read += events.length;
      // A short page is the end; a page that did not move on would be read forever.
      if (page.length < pageSize || next === start) break;
      // Pages are handled in order, so stopping here leaves the cursor exactly where reading resumes.
      if (shouldYield()) {
        slot.logBehind = true;
        slot.missedLive += missedLive;
        return;
      }
    }
    if (reason === 'connect') slot.wantsCatchUp = false;
    const said = catchUpLine(reason, read, missedLive, context.deviceName(slot));
    if (said) context.events.add(consoleEvent(context.now(), said.kind, 'info', said.text, slot.deviceId));
  } catch (error) {
    // Dropped meanwhile: the reconnect catches up again.
    if (slot.link !== link || context.signal.aborted) return;
    slot.wantsCatchUp = false;
    slot.logBehind = false;
    slot.wantsTailRead = false;
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

/** What the operator is told of a read; reading events left behind by a full backlog is routine, not news. */
function catchUpLine(reason: CatchUpReason, read: number, missedLive: number, device: string): { kind: string; text: string } | null {
  if (reason === 'connect') return read > 0 ? { kind: 'catchUp.read', text: `Read ${read} event(s) ${device} logged while the console was away` } : null;
  if (reason === 'tail') return read > 0 ? { kind: 'catchUp.missed', text: `Read ${read} event(s) of ${device} from its log that had not arrived live` } : null;
  return missedLive > 0 ? { kind: 'catchUp.missed', text: `The live stream skipped ${missedLive} event(s) of ${device}; read ${read} from its log` } : null;
}
