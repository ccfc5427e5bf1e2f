import { deviceEventRecord } from '../../../shared/domain/eventCatalog';
import type { EventLog } from '../../gsdk';
import type { DeviceLink, DeviceSlot } from './deviceSlot';
import { consoleEvent } from './syncEvents';
import { failureOf, type WorkContext } from './workContext';

/**
 * Why the log is read, which says where reading starts and what the operator is told:
 * - `connect`: after every (re)connect and console start, from the stored cursor (from event 1
 *   again, in a new epoch, when the log no longer reaches the cursor: its IDs restarted);
 * - `behind`: live events are missing (left in the log while the event log's backlog was full,
 *   or skipped by the live stream): exactly their IDs (`DeviceSlot.missing`), skipping what is handled;
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
  // Said by the read of the missed events (a connect's or tail read leaves the count to it); taken
  // now, so a gap the live stream shows while this runs is said by the next read.
  const missedLive = reason === 'behind' ? slot.missedLive : 0;
  if (reason === 'behind') slot.missedLive = 0;
  slot.wantsTailRead = false;
  const ranges = reason === 'behind' ? slot.missing.take() : [];
  // A connect's read goes on to the end of the log, which covers anything missed before it.
  if (reason === 'connect') slot.missing.clear();
  let read = 0;
  const stillLinked = (): boolean => slot.link === link && !context.signal.aborted;
  // Events the device's log overwrote before they were read (its log store wraps): from..to, summed for one line.
  const overwritten = { count: 0, from: 0, to: 0 };
  // A device read for the first time: what its log let go before the console knew it is no loss.
  let firstRead = false;
  const readPage = async (from: number, count: number): Promise<{ events: EventLog[]; got: number; next: number }> => {
    const page = await link.client.event.getLog(slot.deviceId, from, count);
    let next = from;
    const events: EventLog[] = [];
    for (const event of page) {
      // Device data is untrusted: another device's event, or one before the page, is not this log's.
      if (event.deviceID !== slot.deviceId || event.ID < next) continue;
      if (next === from && event.ID > from) {
        // IDs run on one by one: a log whose oldest event is past `from` has overwritten the rest.
        // They can never be read, so they count as handled (the cursor passes them), and a deep
        // check looks for what they said instead.
        context.cursors.skipOver(slot.deviceId, from, event.ID - 1);
        if (!firstRead) {
          overwritten.from = overwritten.count === 0 ? from : Math.min(overwritten.from, from);
          overwritten.to = Math.max(overwritten.to, event.ID - 1);
          overwritten.count += event.ID - from;
          slot.wantsCheck = 'deep';
        }
      }
      next = event.ID + 1;
      slot.noteRead(event.ID);
      // Handled already (live, above a gap): its effects are stored, so a user is not pulled twice.
      if (!context.cursors.isHandled(slot.deviceId, event.ID)) events.push(event);
    }
    return { events, got: page.length, next };
  };
  try {
    if (reason === 'behind') {
      if (missedLive > 0) {
        context.events.add(consoleEvent(context.now(), 'catchUp.missed', 'info', `The live stream skipped ${missedLive} event(s) of ${context.deviceName(slot)}; they are read from its log`, slot.deviceId));
      }
      // Exactly the missing IDs, lowest first, at most a page's worth per job: after a long
      // overflow every device has thousands to read (mostly the echoes of the console's own
      // writes), and one page each in turn reaches the user changes at the start of each gap on
      // every device long before one device has read all of its own. The rest goes back.
      let budget = context.tuning.logPageSize;
      let index = 0;
      let next = ranges[0]?.from ?? 0;
      while (index < ranges.length && budget > 0) {
        const range = ranges[index];
        if (!range) break;
        const count = Math.min(budget, range.to - next + 1);
        const page = await readPage(next, count);
        if (!stillLinked()) return;
        const inRange = page.events.filter((event) => event.ID <= range.to);
        await handlePage(slot, inRange);
        read += inRange.length;
        budget -= count;
        // A short page: the log holds no more of this range (overwritten, or a device reset).
        const rangeDone = page.got < count || page.next === next || page.next > range.to;
        next = page.next;
        if (rangeDone) {
          index += 1;
          next = ranges[index]?.from ?? 0;
        }
        if (shouldYield()) break;
      }
      if (index < ranges.length) {
        const rest = ranges.slice(index);
        const [first] = rest;
        if (first) rest[0] = { from: Math.max(first.from, next), to: first.to };
        slot.missing.putBack(rest);
      }
    } else {
      const position = await context.cursors.position(slot.deviceId);
      firstRead = reason === 'connect' && position === 0;
      let next = (reason === 'tail' ? Math.max(position, slot.lastSeenEventId ?? 0) : position) + 1;
      if (reason === 'connect' && position > 0 && (await logRestarted(context, link, slot.deviceId, position))) {
        if (!stillLinked()) return;
        // Read from the start again, in a new epoch: the new run's events are not the old run's.
        await context.cursors.restart(slot.deviceId);
        next = 1;
        context.events.add(
          consoleEvent(
            context.now(),
            'catchUp.logRestarted',
            'warning',
            `The event log of ${context.deviceName(slot)} starts again from event 1 (it no longer reaches event ${position}, where the console had read to): the device was reset or its log cleared; it is read again from the start`,
            slot.deviceId,
          ),
        );
      }
      const pageSize = context.tuning.logPageSize;
      for (;;) {
        const page = await readPage(next, pageSize);
        if (!stillLinked()) return;
        // Stored and handed on before the next page, so the check that follows knows all of it.
        await handlePage(slot, page.events);
        read += page.events.length;
        // A short page is the end; a page that did not move on would be read forever.
        if (page.got < pageSize || page.next === next) {
          next = page.next;
          break;
        }
        next = page.next;
      }
      // Live IDs are compared with where the log ended (a connect's read knows it for the first
      // time); a gap found here is read after this job, which wakes the scheduler as it ends.
      if (reason === 'connect') slot.noteLogEnd(next - 1);
    }
    if (reason === 'connect') slot.wantsCatchUp = false;
    if (overwritten.count > 0) {
      context.events.add(
        consoleEvent(
          context.now(),
          'catchUp.overwritten',
          'warning',
          `${overwritten.count} event(s) of ${context.deviceName(slot)} (${overwritten.from}–${overwritten.to}) were overwritten in its log before the console read them; a deep check looks for changes made at the device instead`,
          slot.deviceId,
        ),
      );
    }
    const said = catchUpLine(reason, read, context.deviceName(slot));
    if (said) context.events.add(consoleEvent(context.now(), said.kind, 'info', said.text, slot.deviceId));
  } catch (error) {
    // Dropped meanwhile: the reconnect catches up again.
    if (!stillLinked()) return;
    slot.wantsCatchUp = false;
    slot.missing.clear();
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
function catchUpLine(reason: CatchUpReason, read: number, device: string): { kind: string; text: string } | null {
  if (reason === 'connect') return read > 0 ? { kind: 'catchUp.read', text: `Read ${read} event(s) ${device} logged while the console was away` } : null;
  if (reason === 'tail') return read > 0 ? { kind: 'catchUp.missed', text: `Read ${read} event(s) of ${device} from its log that had not arrived live` } : null;
  // A read of missed events says so as it starts (it may take several turns).
  return null;
}

/**
 * Whether the device's log no longer holds, at `position`, the event the console handled there:
 * its IDs started again from 1 (a factory reset, a cleared log store). One event read. A log that
 * goes on from the cursor still holds that event; a log that restarted either ends below it or,
 * when the device logged more events than the cursor since, holds another event under its ID
 * (another time, code or user than the one stored). When the console has no copy of it (pruned
 * by the retention), only the first can be told.
 */
async function logRestarted(context: WorkContext, link: DeviceLink, deviceId: number, position: number): Promise<boolean> {
  const [page, stored] = await Promise.all([
    link.client.event.getLog(deviceId, position, 1),
    context.cursors.epoch(deviceId).then((epoch) => context.store.events.deviceEvent(deviceId, position, epoch)),
  ]);
  const atPosition = page.find((event) => event.deviceID === deviceId && event.ID === position);
  if (!atPosition) return !page.some((event) => event.deviceID === deviceId && event.ID > position);
  if (!stored) return false;
  const seen = deviceEventRecord(atPosition);
  return seen.time !== stored.time || seen.kind !== stored.kind || seen.userId !== stored.userId;
}
