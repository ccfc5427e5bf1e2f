import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../shared/csv';
import { deviceEventRecord } from '../../../../shared/domain/eventCatalog';
import { EMPTY_EVENT_FILTER, type EventFilter } from '../../../../shared/domain/eventFilter';
import { addEvents } from '../../../dbhost/addEvents';
import { PortcullisDatabase } from '../../../dbhost/schema';
import { planEventQuery } from '../../data/eventQueryPlan';
import { openMasterDatabase, type MasterDatabase } from '../../data/masterDb';
import { createMasterDataReader, type MasterDataReader } from '../../data/masterReader';
import { eventCsvFileName, localTimeText } from './eventCsv';
import { ExportCancelled, exportEventsCsv, type ExportProgress } from './exportEvents';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const LOBBY = 541530001;
const DOCK = 541530002;
let writer: PortcullisDatabase;
let page: MasterDatabase;
let reader: MasterDataReader;

beforeEach(async () => {
  const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
  writer = new PortcullisDatabase('portcullis', factory);
  await writer.open();
  // Stored the way the database host stores them (category, dedup key).
  const deviceEvents = Array.from({ length: 23 }, (_, i) =>
    deviceEventRecord({ ID: i + 1, timestamp: NOW / 1000 - 60 * (23 - i), deviceID: i % 2 === 0 ? LOBBY : DOCK, userID: String(100 + i), eventCode: i % 3 === 0 ? 0x1900 : 0x1000, subCode: 0, changedOnDevice: false }),
  );
  const consoleEvents = [
    { time: NOW - 10, source: 'console' as const, kind: 'sync.failed', level: 'error' as const, message: '=cmd|"/c calc"!A1, the device said "no"\nnext line', deviceId: DOCK, userId: null, deviceEventId: null },
    { time: 0, source: 'console' as const, kind: 'user.saved', level: 'info' as const, message: 'user 7 saved', deviceId: null, userId: '7', deviceEventId: null },
  ];
  await addEvents(writer, [...deviceEvents, ...consoleEvents]);
  page = openMasterDatabase('portcullis', factory);
  reader = createMasterDataReader(page);
  await reader.ready();
});

afterEach(() => {
  page.db.close();
  writer.close();
});

const names = new Map([
  [LOBBY, 'Lobby, north'],
  [DOCK, '@Dock'],
]);

async function exported(filter: EventFilter, chunk: number, progress: ExportProgress[] = []): Promise<string[][]> {
  const plan = planEventQuery(filter, NOW, { deviceCount: 2 });
  const { blob, written } = await exportEventsCsv(reader, plan, { deviceNames: names, signal: new AbortController().signal, onProgress: (p) => progress.push(p), chunk });
  // UTF-8 with a byte-order mark (which text() drops).
  expect([...new Uint8Array(await blob.slice(0, 3).arrayBuffer())]).toEqual([0xef, 0xbb, 0xbf]);
  expect(blob.type).toBe('text/csv;charset=utf-8');
  const text = await blob.text();
  const rows = parseCsv(text).map((row) => row.fields);
  expect(rows.length - 1).toBe(written);
  return rows;
}

describe('event export to CSV', () => {
  it('writes the header and every matching event, newest first, in chunks, with progress up to the whole range', async () => {
    const progress: ExportProgress[] = [];
    const rows = await exported(EMPTY_EVENT_FILTER, 4, progress);
    expect(rows[0]).toEqual(['Time', 'Time (UTC)', 'Severity', 'Category', 'Type', 'Device ID', 'Device', 'User ID', 'Event']);
    expect(rows).toHaveLength(1 + 25);
    // The console's failure is newest; the event without a usable time is last.
    expect(rows[1]).toEqual([localTimeText(NOW - 10), new Date(NOW - 10).toISOString(), 'Error', 'Sync', 'sync.failed', String(DOCK), "'@Dock", '', `'=cmd|"/c calc"!A1, the device said "no"next line`]);
    expect(rows[2]).toEqual([localTimeText(NOW - 60_000), new Date(NOW - 60_000).toISOString(), 'Info', 'Authentication', 'device.0x1000', String(LOBBY), 'Lobby, north', '122', 'Verify success: user 122']);
    expect(rows.at(-1)).toEqual(['', '', 'Info', 'User', 'user.saved', '', '', '7', 'user 7 saved']);
    expect(progress.length).toBeGreaterThan(5);
    // The count runs beside the export; by the end it is known.
    expect(progress.at(-1)).toEqual({ written: 25, read: 25, total: 25 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.read).toBeGreaterThanOrEqual(progress[i - 1]!.read);
  });

  it('exports only what the filter matches', async () => {
    const rows = await exported({ ...EMPTY_EVENT_FILTER, deviceIds: [DOCK], levels: ['warning'] }, 3);
    expect(rows.slice(1).map((row) => [row[5], row[2], row[4]])).toEqual(Array.from({ length: 4 }, () => [String(DOCK), 'Warning', 'device.0x1900']));
  });

  it('stops when cancelled, between chunks', async () => {
    const cancel = new AbortController();
    const plan = planEventQuery(EMPTY_EVENT_FILTER, NOW, { deviceCount: 2 });
    let chunks = 0;
    const running = exportEventsCsv(reader, plan, {
      deviceNames: names,
      signal: cancel.signal,
      chunk: 5,
      onProgress: () => {
        chunks++;
        cancel.abort();
      },
    });
    await expect(running).rejects.toBeInstanceOf(ExportCancelled);
    expect(chunks).toBe(1);
  });

  it('names the file after when it was exported', () => {
    expect(eventCsvFileName(new Date(2024, 4, 1, 14, 3, 7).getTime())).toBe('portcullis-events-20240501-140307.csv');
  });
});
