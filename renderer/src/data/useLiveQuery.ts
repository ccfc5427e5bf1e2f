import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../lib/errors';
import { useMasterData } from './MasterDataContext';
import type { MasterDataReader } from './masterReader';

export interface LiveResult<T> {
  /** The latest answer; while a new `key` loads, the previous key's answer (see `key`). */
  value: T | undefined;
  /** The key `value` belongs to. */
  key: string | null;
  /** Why reading failed (no database yet, ...); reading is retried every few seconds. */
  error: string | null;
}

const RETRY_MS = 2_000;
/**
 * At start-up the database host may not have created the database yet; that is only reported
 * after this many failed attempts in a row, so a normal start shows "Loading…", not an error.
 */
const QUIET_MISSING_ATTEMPTS = 3;

function describeReadError(error: unknown): string {
  if (error instanceof Error && error.name === 'NoSuchDatabaseError') return 'the console’s database has not been created yet; is the database host running?';
  return messageOf(error);
}

/**
 * Our own few lines instead of dexie-react-hooks: subscribe to a Dexie `liveQuery` while the
 * component is mounted and re-subscribe when `key` changes. `key` names everything the query
 * depends on (a page offset, a search text), so the query function may be a fresh closure on
 * every render. The previous answer stays until the next one arrives, so scrolling and typing
 * never flash an empty table. A failed read (the database host has not created the database
 * yet, or it is being upgraded) is reported and retried.
 */
export function useLiveQuery<T>(key: string | null, query: (reader: MasterDataReader) => Promise<T>): LiveResult<T> {
  const reader = useMasterData();
  const [result, setResult] = useState<LiveResult<T>>({ value: undefined, key: null, error: null });
  const queryRef = useRef(query);
  useEffect(() => {
    queryRef.current = query;
  });

  useEffect(() => {
    if (key === null) return;
    let subscription: { unsubscribe(): void } | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    let failures = 0;
    const fail = (error: unknown): void => {
      if (stopped) return;
      failures += 1;
      const quiet = error instanceof Error && error.name === 'NoSuchDatabaseError' && failures < QUIET_MISSING_ATTEMPTS;
      if (!quiet) setResult((previous) => ({ ...previous, error: describeReadError(error) }));
      retry = setTimeout(start, quiet ? RETRY_MS / 4 : RETRY_MS);
    };
    // The database is opened first, outside the live query, so the query only ever runs on an
    // open database and Dexie tracks everything it reads.
    const start = (): void => {
      reader.ready().then(() => {
        if (stopped) return;
        subscription = liveQuery(() => queryRef.current(reader)).subscribe({
          next: (value) => {
            failures = 0;
            setResult({ value, key, error: null });
          },
          error: fail,
        });
      }, fail);
    };
    start();
    return () => {
      stopped = true;
      subscription?.unsubscribe();
      if (retry !== null) clearTimeout(retry);
    };
  }, [key, reader]);

  return result;
}
