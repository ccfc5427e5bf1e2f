import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../components/Notice';
import type { EventQueryPlan } from '../../data/eventQueryPlan';
import { useMasterData } from '../../data/MasterDataContext';
import { messageOf } from '../../lib/errors';
import { saveBlob } from '../../lib/saveBlob';
import { eventCsvFileName } from './eventCsv';
import { ExportCancelled, exportEventsCsv, type ExportProgress } from './exportEvents';

type ExportState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ExportProgress | null }
  | { kind: 'done'; written: number; fileName: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** Export CSV: the filtered set, read in chunks with progress and Cancel, then saved as a file (saveBlob.ts). */
export function ExportEvents({ plan, deviceNames }: { plan: EventQueryPlan; deviceNames: ReadonlyMap<number, string> }) {
  const reader = useMasterData();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const cancel = useRef<AbortController | null>(null);
  // Leaving the page stops an export in progress.
  useEffect(() => () => cancel.current?.abort(), []);

  const start = () => {
    const controller = new AbortController();
    cancel.current = controller;
    setState({ kind: 'running', progress: null });
    exportEventsCsv(reader, plan, { deviceNames, signal: controller.signal, onProgress: (progress) => setState({ kind: 'running', progress }) }).then(
      ({ blob, written }) => {
        const fileName = eventCsvFileName(Date.now());
        saveBlob(blob, fileName);
        setState({ kind: 'done', written, fileName });
      },
      (error: unknown) => setState(error instanceof ExportCancelled ? { kind: 'cancelled' } : { kind: 'failed', message: messageOf(error) }),
    );
  };

  if (state.kind === 'running') {
    const { progress } = state;
    const share = progress === null || progress.total === null || progress.total === 0 ? null : progress.read / progress.total;
    return (
      <div className="progress export-progress" data-testid="export-progress">
        <progress aria-label="Export progress" max={1} value={share ?? undefined} />
        <span className="progress-text" role="status">
          {progress === null ? 'Exporting…' : `Exporting: ${progress.written.toLocaleString('en-US')} events written${share === null ? '' : ` (${Math.floor(share * 100)}%)`}`}
        </span>
        <button type="button" className="button button-small" onClick={() => cancel.current?.abort()}>
          Cancel export
        </button>
      </div>
    );
  }
  return (
    <>
      <button type="button" className="button" onClick={start}>
        Export CSV
      </button>
      {state.kind === 'done' && (
        <span className="toolbar-note" data-testid="export-status" role="status">
          Exported {state.written.toLocaleString('en-US')} {state.written === 1 ? 'event' : 'events'} to {state.fileName}.
        </span>
      )}
      {state.kind === 'cancelled' && (
        <span className="toolbar-note" data-testid="export-status" role="status">
          Export cancelled.
        </span>
      )}
      {state.kind === 'failed' && <ErrorNote title="The export failed" message={state.message} onDismiss={() => setState({ kind: 'idle' })} />}
    </>
  );
}
