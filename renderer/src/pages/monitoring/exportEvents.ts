import type { EventKey } from '../../data/eventPages';
import type { EventQueryPlan } from '../../data/eventQueryPlan';
import type { MasterDataReader } from '../../data/masterReader';
import { EVENT_CSV_HEADER, eventCsvLine } from './eventCsv';

/*
 * Export of a filter's events to CSV, for sets of any size: the plan is read in chunks of
 * EXPORT_CHUNK events (the Event log's own keyset pages), each chunk turned into CSV text and
 * handed to the browser as a Blob at once, so the page's memory holds one chunk at a time and
 * Chromium keeps the parts (in its blob store, on disk when they are large). The parts become
 * one Blob, which the caller saves (saveBlob.ts).
 */

export const EXPORT_CHUNK = 5_000;

export interface ExportProgress {
  /** Events written to the file so far. */
  written: number;
  /** Rows of the plan's ranges read so far, of `total`: the share of the work done. */
  read: number;
  /** null until counted: counting walks the ranges (about 6 s for a million rows), so the export does not wait for it. */
  total: number | null;
}

export interface ExportOptions {
  deviceNames: ReadonlyMap<number, string>;
  signal: AbortSignal;
  onProgress(progress: ExportProgress): void;
  chunk?: number;
}

export class ExportCancelled extends Error {
  override readonly name = 'ExportCancelled';
}

/** Between chunks the page gets a turn (paint the progress, take a click on Cancel). */
const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function exportEventsCsv(reader: MasterDataReader, plan: EventQueryPlan, options: ExportOptions): Promise<{ blob: Blob; written: number }> {
  const chunk = options.chunk ?? EXPORT_CHUNK;
  let total: number | null = null;
  // A failed count only costs the percentage.
  reader.countPlanRows(plan).then(
    (counted) => (total = counted),
    () => undefined,
  );
  // The byte-order mark tells spreadsheets the file is UTF-8 (names in any script).
  const parts: Blob[] = [new Blob(['\uFEFF', EVENT_CSV_HEADER])];
  let written = 0;
  let read = 0;
  let after: EventKey | null = null;
  for (;;) {
    if (options.signal.aborted) throw new ExportCancelled('the export was cancelled');
    // No deadline: an export reads on until the chunk is full; the budget only keeps each read short.
    const page = await reader.eventPage(plan, { after, pageSize: chunk, scanBudget: chunk * 10 });
    if (page.rows.length > 0) parts.push(new Blob([page.rows.map((event) => eventCsvLine(event, options.deviceNames)).join('')]));
    written += page.rows.length;
    read += page.scanned;
    options.onProgress({ written, read: total === null ? read : Math.min(read, total), total });
    if (page.next === null) break;
    after = page.next;
    await yieldToPage();
  }
  if (options.signal.aborted) throw new ExportCancelled('the export was cancelled');
  return { blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), written };
}
