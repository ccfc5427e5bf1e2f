import { useRef } from 'react';
import { USER_CSV_COLUMNS } from '../../../../shared/domain/userCsv';
import type { RequestResult } from '../../../../shared/ipc/contract';
import { useConsole } from '../../app/ConsoleContext';
import { ErrorNote } from '../../components/Notice';
import { messageOf } from '../../lib/errors';

type ImportResult = RequestResult<'importUsers'>;

/** The contract's limit (shared/ipc/contract.ts), checked here before reading a huge file. */
const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** Refused rows listed in the report; the rest are counted. */
const MAX_LISTED = 1_000;

/** "Import CSV": a file picker; the core parses, checks and stores; the report lists refused rows. */
export function ImportUsersButton({ onResult, onError, busy, setBusy }: { onResult(name: string, result: ImportResult): void; onError(message: string): void; busy: boolean; setBusy(busy: boolean): void }) {
  const { api } = useConsole();
  const inputRef = useRef<HTMLInputElement>(null);

  const importFile = async (file: File) => {
    if (file.size > MAX_CSV_BYTES) {
      onError(`${file.name} is larger than 20 MB; split it into smaller files.`);
      return;
    }
    setBusy(true);
    try {
      const csv = await file.text();
      onResult(file.name, await api.importUsers({ csv }));
    } catch (error) {
      onError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button" onClick={() => inputRef.current?.click()} disabled={busy} aria-busy={busy} title={`Columns: ${USER_CSV_COLUMNS.join(', ')}`}>
        {busy ? 'Importing…' : 'Import CSV'}
      </button>
      <input
        ref={inputRef}
        className="visually-hidden"
        type="file"
        accept=".csv,text/csv"
        aria-label="CSV file of users"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file !== undefined) void importFile(file);
        }}
      />
    </>
  );
}

export function ImportReport({ fileName, result, onClose }: { fileName: string; result: ImportResult; onClose(): void }) {
  const { imported, refused } = result;
  const listed = refused.slice(0, MAX_LISTED);
  return (
    <section className={`report ${refused.length > 0 ? 'report-warn' : 'report-ok'}`} data-testid="import-report" aria-label="Import report">
      <div className="report-header">
        <p className="report-title" role="status">
          {fileName}: imported {imported} {imported === 1 ? 'user' : 'users'}
          {refused.length > 0 ? `; ${refused.length} ${refused.length === 1 ? 'row' : 'rows'} refused` : ''}.
        </p>
        <button type="button" className="button button-small" onClick={onClose}>
          Close report
        </button>
      </div>
      {refused.length > 0 && (
        <div className="report-scroll">
          <table className="data-table report-table" aria-label="Refused rows">
            <thead>
              <tr>
                <th scope="col" className="rcol-line">
                  Line
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((row, i) => (
                <tr key={`${row.line}-${i}`} data-testid="import-refused-row" data-line={row.line}>
                  <td className="num">{row.line}</td>
                  <td className="wrap">{row.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {refused.length > listed.length && <p className="field-hint">…and {refused.length - listed.length} more refused rows.</p>}
        </div>
      )}
    </section>
  );
}

export function ImportError({ message, onDismiss }: { message: string; onDismiss(): void }) {
  return <ErrorNote title="The import did not run" message={message} onDismiss={onDismiss} />;
}
