import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FieldError, type FieldErrors } from '../../components/FieldError';
import { ErrorNote } from '../../components/Notice';
import { SidePanel } from '../../components/SidePanel';
import { messageOf } from '../../lib/errors';

export interface EditorPanelProps {
  formId: string;
  title: string;
  errors: FieldErrors;
  busy: boolean;
  requestError: string | null;
  onDismissError(): void;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
}

/** The side panel every access-control editor uses: title, form, Save and Cancel. */
export function EditorPanel({ formId, title, errors, busy, requestError, onDismissError, onSubmit, onClose, children }: EditorPanelProps) {
  const formRef = useRef<HTMLFormElement>(null);
  // Opened by the operator: the first field has the focus.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled])')?.focus();
  }, []);
  // After a failed save, move the focus to the first field that has a message.
  useEffect(() => {
    if (Object.keys(errors).length > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  return (
    <SidePanel title={title} testId="access-editor" onClose={onClose}>
      <form
        ref={formRef}
        id={formId}
        className="panel-form"
        noValidate
        aria-busy={busy}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {requestError !== null && <ErrorNote title="The console did not save this" message={requestError} onDismiss={onDismissError} />}
        <FieldError formId={formId} field="form" errors={errors} />
        {children}
        <div className="panel-actions">
          <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
            Save
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </SidePanel>
  );
}

export interface SaveState {
  errors: FieldErrors;
  busy: boolean;
  requestError: string | null;
  dismissError(): void;
  /** Shows `errors` when the form has problems; otherwise sends `save()` and calls `done` after it. */
  submit<T>(result: { record: T | null; errors: FieldErrors }, save: (record: T) => Promise<unknown>, done: () => void): void;
}

/** The busy flag, field errors and request error of one editor. */
export function useSaveState(): SaveState {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [requestError, setRequestError] = useState<string | null>(null);
  return {
    errors,
    busy,
    requestError,
    dismissError: () => setRequestError(null),
    submit: (result, save, done) => {
      setRequestError(null);
      setErrors(result.errors);
      const { record } = result;
      if (record === null) return;
      setBusy(true);
      save(record).then(
        () => {
          setBusy(false);
          done();
        },
        (error: unknown) => {
          setBusy(false);
          setRequestError(messageOf(error));
        },
      );
    },
  };
}
