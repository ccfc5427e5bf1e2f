import { useEffect, useId, useState, type FormEvent } from 'react';
import type { DevicePlacement } from '../../../../shared/devices';
import type { SyncMode } from '../../../../shared/domain/syncMode';
import type { UserPlacement } from '../../../../shared/ipc/contract';
import { deviceText } from '../../../../shared/deviceText';
import { useConsole } from '../../app/ConsoleContext';
import { ErrorNote } from '../../components/Notice';
import { messageOf } from '../../lib/errors';
import { placementDetailText } from './placementSummaryText';
import { placementReason, placementStatus, syncModeShortLabels } from './placementText';

/**
 * The automatic-sync mode in force, read when the panel opens and again with every explanation
 * (which carries it): the settings panel may change it meanwhile.
 */
function useSyncMode(): [SyncMode | null, (mode: SyncMode) => void, string | null] {
  const { api } = useConsole();
  const [mode, setMode] = useState<SyncMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api.getSyncMode().then(
      (answer) => current && setMode(answer.mode),
      (failure: unknown) => current && setError(messageOf(failure)),
    );
    return () => {
      current = false;
    };
  }, [api]);
  return [mode, setMode, error];
}

/**
 * "Automatic sync: Specific devices · 42 users wanted here, through 2 doors:" with the doors
 * (the device's placement from its last check), and a way to ask why one user is (or should be)
 * on this device.
 */
export function PlacementExplainer({ deviceId, placement }: { deviceId: number; placement: DevicePlacement | null }) {
  const { api } = useConsole();
  const [mode, setMode, modeError] = useSyncMode();
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<UserPlacement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const { summary, doors } = placementDetailText(placement, mode);

  const explain = (event: FormEvent) => {
    event.preventDefault();
    const id = userId.trim();
    if (id === '') return;
    setBusy(true);
    setError(null);
    api.explainPlacement({ deviceId, userIds: [id] }).then(
      ([placement]) => {
        setBusy(false);
        setAnswer(placement ?? null);
        if (placement) setMode(placement.mode);
      },
      (failure: unknown) => {
        setBusy(false);
        setAnswer(null);
        setError(messageOf(failure));
      },
    );
  };

  return (
    <section className="detail-block" aria-label="Why users are on this device" data-testid="placement">
      <p className="panel-text" data-testid="sync-mode-line">
        Automatic sync: {mode === null ? (modeError === null ? '…' : 'unknown') : syncModeShortLabels[mode]}
        <span data-testid="placement-summary"> · {summary}</span>
      </p>
      {doors.length > 0 && (
        <ul className="reason-list" data-testid="placement-doors">
          {doors.map((door, i) => (
            <li key={`${i}-${door}`}>{door}</li>
          ))}
        </ul>
      )}
      <h3 className="detail-heading">Why is a user on this device?</h3>
      <form className="placement-form" onSubmit={explain}>
        <div className="field">
          <label htmlFor={inputId}>User ID</label>
          <input id={inputId} value={userId} maxLength={32} spellCheck={false} autoComplete="off" onChange={(event) => setUserId(event.target.value)} />
        </div>
        <button type="submit" className="button button-small" disabled={busy || userId.trim() === ''}>
          Explain
        </button>
      </form>
      {error !== null && <ErrorNote title="Cannot explain" message={error} onDismiss={() => setError(null)} />}
      <div aria-live="polite">{answer !== null && <PlacementAnswer placement={answer} />}</div>
    </section>
  );
}

function PlacementAnswer({ placement }: { placement: UserPlacement }) {
  const { sentence, chains } = placementReason(placement);
  return (
    <div data-testid="placement-answer" data-user-id={placement.userId} data-placed={placement.placed} data-wanted={placement.wanted}>
      <p className="panel-text">
        User {deviceText(placement.userId, 32)}: {placementStatus(placement)}
      </p>
      <p className="panel-text">{sentence}</p>
      {chains.length > 0 && (
        <ul className="reason-list" data-testid="placement-chains">
          {chains.map((chain, i) => (
            <li key={`${i}-${chain}`}>{chain}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
