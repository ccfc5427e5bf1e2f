import { useEffect, useState, type FormEvent } from 'react';
import type { EventRetention } from '../../../../shared/domain/eventRetention';
import { useConsole } from '../../app/ConsoleContext';
import type { FieldErrors } from '../../components/FieldError';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { messageOf } from '../../lib/errors';
import { parseRetention, retentionFields, type RetentionFields } from './retentionForm';

/**
 * Event log retention: keep the newest N events and none older than D days. Saving stores it
 * and the console prunes to it at once, in the background, in small steps; the log stays usable
 * meanwhile.
 */
export function RetentionSettings() {
  const { api } = useConsole();
  const [current, setCurrent] = useState<EventRetention | null>(null);
  const [fields, setFields] = useState<RetentionFields | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null);

  useEffect(() => {
    let live = true;
    api.getEventRetention().then(
      (retention) => {
        if (!live) return;
        setCurrent(retention);
        setFields((shown) => shown ?? retentionFields(retention));
      },
      (error: unknown) => live && setFailure({ title: 'The retention could not be read', message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (fields === null || busy) return;
    const parsed = parseRetention(fields);
    if ('errors' in parsed) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    setSaved(false);
    setFailure(null);
    api.setEventRetention(parsed.retention).then(
      () => {
        setBusy(false);
        setCurrent(parsed.retention);
        setSaved(true);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure({ title: 'The retention was not saved', message: messageOf(error) });
      },
    );
  };

  const edit = (field: keyof RetentionFields) => (value: string) => {
    setSaved(false);
    setFields((shown) => (shown === null ? shown : { ...shown, [field]: value }));
  };
  const changed = fields !== null && current !== null && (fields.maxEvents !== String(current.maxEvents) || fields.maxAgeDays !== String(current.maxAgeDays));

  return (
    <form className="settings-form" onSubmit={save} noValidate aria-label="Event log retention" aria-busy={busy}>
      <p className="field-hint">
        The console keeps the newest events up to this many, and none older than this many days, whichever keeps fewer. Older events are removed in the background, a few thousand at a time.
      </p>
      {fields === null ? (
        failure === null && <p className="field-hint">Loading…</p>
      ) : (
        <div className="field-row">
          <TextField formId="retention" field="maxEvents" label="Keep at most (events)" value={fields.maxEvents} onChange={edit('maxEvents')} errors={errors} inputMode="numeric" maxLength={16} />
          <TextField formId="retention" field="maxAgeDays" label="Keep for (days)" value={fields.maxAgeDays} onChange={edit('maxAgeDays')} errors={errors} inputMode="numeric" maxLength={8} />
        </div>
      )}
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!changed || busy}>
          Save retention
        </button>
      </div>
      <div aria-live="polite">{saved && <StatusNote>Retention saved; older events are being removed in the background.</StatusNote>}</div>
      {failure !== null && <ErrorNote title={failure.title} message={failure.message} onDismiss={() => setFailure(null)} />}
    </form>
  );
}
