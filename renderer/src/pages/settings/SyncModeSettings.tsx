import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { SYNC_MODE_TEXT, syncModes, type SyncMode, type SyncModePreview } from '../../../../shared/domain/syncMode';
import { useConsole } from '../../app/ConsoleContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { messageOf } from '../../lib/errors';
import { devicesStore } from '../../stores/devicesStore';
import { ApplyProgressNote } from './ApplyProgressNote';
import { ModePreviewTable } from './ModePreviewTable';
import { applyBaseline, type ApplyBaseline } from './modeApplyProgress';

type Step =
  | { kind: 'idle' }
  | { kind: 'previewing' }
  | { kind: 'confirming'; preview: SyncModePreview; applying: boolean }
  | { kind: 'applied'; mode: SyncMode; baseline: ApplyBaseline | null };

/**
 * Automatic user synchronization: the four modes with the BioStar 2 labels. Apply first shows
 * what the switch would write to every device (the preview); Confirm stores the mode, and the
 * devices it changes are followed until they are in sync.
 */
export function SyncModeSettings() {
  const { api } = useConsole();
  const legendId = useId();
  const [current, setCurrent] = useState<SyncMode | null>(null);
  const [choice, setChoice] = useState<SyncMode | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    let live = true;
    api.getSyncMode().then(
      ({ mode }) => {
        if (!live) return;
        setCurrent(mode);
        setChoice((chosen) => chosen ?? mode);
      },
      (failure: unknown) => live && setError({ title: 'The sync mode could not be read', message: messageOf(failure) }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  // The dialog gives focus back to Apply, which is disabled once the mode is in force: keep it
  // in the settings, on the mode now chosen, with the progress announced beside it.
  const applied = step.kind === 'applied';
  useEffect(() => {
    if (applied) formRef.current?.querySelector<HTMLInputElement>('input[name="sync-mode"]:checked')?.focus();
  }, [applied]);

  const busy = step.kind === 'previewing' || (step.kind === 'confirming' && step.applying);
  const changed = current !== null && choice !== null && choice !== current;

  const showPreview = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed || busy) return;
    setError(null);
    setStep({ kind: 'previewing' });
    try {
      setStep({ kind: 'confirming', preview: await api.previewSyncMode({ mode: choice }), applying: false });
    } catch (failure) {
      setStep({ kind: 'idle' });
      setError({ title: 'The preview could not be worked out', message: messageOf(failure) });
    }
  };

  const confirm = async () => {
    if (step.kind !== 'confirming') return;
    const { preview } = step;
    setStep({ ...step, applying: true });
    // Taken before the switch: a device counts as done only once checked after it.
    const baseline = applyBaseline(preview, devicesStore.getState().devices);
    try {
      await api.setSyncMode({ mode: preview.mode });
      setCurrent(preview.mode);
      // Not used pushes nothing, so there is no progress to follow.
      setStep({ kind: 'applied', mode: preview.mode, baseline: preview.mode === 'not-used' ? null : baseline });
    } catch (failure) {
      setStep({ kind: 'idle' });
      setError({ title: 'The sync mode could not be changed', message: messageOf(failure) });
    }
  };

  const confirming = step.kind === 'confirming' ? step : null;
  return (
    <form ref={formRef} className="settings-form" onSubmit={(event) => void showPreview(event)} aria-busy={busy}>
      <fieldset className="fieldset sync-modes" aria-describedby={`${legendId}-hint`}>
        <legend id={legendId}>Automatic user synchronization</legend>
        <p id={`${legendId}-hint`} className="field-hint">
          How changes in the console reach devices without anyone pressing Sync.
        </p>
        {current === null && error === null && <p className="field-hint">Loading…</p>}
        {syncModes.map((mode) => {
          const inputId = `${legendId}-${mode}`;
          return (
            <div key={mode} className="radio-option">
              <input
                type="radio"
                id={inputId}
                name="sync-mode"
                value={mode}
                checked={choice === mode}
                disabled={current === null || busy}
                aria-describedby={mode === current ? `${inputId}-current ${inputId}-explanation` : `${inputId}-explanation`}
                onChange={() => setChoice(mode)}
              />
              <div className="radio-text">
                <label htmlFor={inputId}>{SYNC_MODE_TEXT[mode].label}</label>
                {mode === current && (
                  <span id={`${inputId}-current`} className="current-tag">
                    In force.
                  </span>
                )}
                <p id={`${inputId}-explanation`} className="field-hint">
                  {SYNC_MODE_TEXT[mode].explanation}
                </p>
              </div>
            </div>
          );
        })}
      </fieldset>
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!changed || busy} aria-busy={step.kind === 'previewing'}>
          {step.kind === 'previewing' ? 'Working out the changes…' : 'Apply'}
        </button>
      </div>
      {error !== null && <ErrorNote title={error.title} message={error.message} onDismiss={() => setError(null)} />}
      {step.kind === 'applied' &&
        (step.baseline === null ? (
          <StatusNote>{SYNC_MODE_TEXT[step.mode].label} is in force: devices that differ keep the yellow mark until you sync them.</StatusNote>
        ) : (
          <ApplyProgressNote label={SYNC_MODE_TEXT[step.mode].label} baseline={step.baseline} />
        ))}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming ? `Switch to ${SYNC_MODE_TEXT[confirming.preview.mode].label}?` : ''}
        confirmLabel="Confirm"
        wide
        busy={confirming?.applying ?? false}
        onConfirm={() => void confirm()}
        onCancel={() => setStep({ kind: 'idle' })}
      >
        {confirming && (
          <>
            <p>
              {confirming.preview.mode === 'not-used'
                ? 'Nothing is pushed by itself in this mode; this is what Sync would write to each device.'
                : 'What the switch writes to each device, right after you confirm:'}
            </p>
            <ModePreviewTable preview={confirming.preview} />
          </>
        )}
      </ConfirmDialog>
    </form>
  );
}
