import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { User } from '../../../../shared/domain/user';
import { useConsole } from '../../app/ConsoleContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FieldError, invalidProps, type FieldErrors } from '../../components/FieldError';
import { ErrorNote } from '../../components/Notice';
import { SidePanel } from '../../components/SidePanel';
import { TextField } from '../../components/TextField';
import { useAccessGroups, useUser } from '../../data/hooks';
import { messageOf } from '../../lib/errors';
import { CardsField } from './CardsField';
import { GroupsField } from './GroupsField';
import { addCard, emptyUserForm, errorsByField, formFromUser, userFromForm, type UserForm } from './userForm';
import { credentialsText } from './userText';

const FORM_ID = 'user-editor';

export interface UserEditorProps {
  /** null: a new user. */
  userId: string | null;
  onClose(): void;
  onSaved(id: string, created: boolean): void;
  onDeleted(id: string): void;
}

/** Side panel to add, edit or delete one user. Loads the stored record, then edits a copy. */
export function UserEditor({ userId, onClose, onSaved, onDeleted }: UserEditorProps) {
  const stored = useUser(userId);
  const title = userId === null ? 'New user' : `User ${userId}`;
  let body;
  if (userId === null) body = <UserEditorForm stored={null} onClose={onClose} onSaved={onSaved} onDeleted={onDeleted} />;
  else if (stored.key === `user:${userId}` && stored.value !== undefined) {
    body =
      stored.value === null ? (
        <p className="panel-text">No user with this ID is in the console: it was deleted, or it exists only on a device.</p>
      ) : (
        <UserEditorForm key={userId} stored={stored.value} onClose={onClose} onSaved={onSaved} onDeleted={onDeleted} />
      );
  } else body = stored.error === null ? <p className="panel-text muted">Loading…</p> : <ErrorNote title="Cannot read this user" message={stored.error} />;
  return (
    <SidePanel title={title} testId="user-editor" onClose={onClose}>
      {body}
    </SidePanel>
  );
}

function UserEditorForm({ stored, onClose, onSaved, onDeleted }: { stored: User | null } & Omit<UserEditorProps, 'userId'>) {
  const { api } = useConsole();
  const groups = useAccessGroups();
  const [form, setForm] = useState<UserForm>(() => (stored === null ? emptyUserForm() : formFromUser(stored)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [requestError, setRequestError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [focusErrors, setFocusErrors] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  // Opened by the operator: the first field they can type in has the focus.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input:not([disabled])')?.focus();
  }, []);

  useEffect(() => {
    if (focusErrors === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusErrors]);

  const set = <K extends keyof UserForm>(key: K, value: UserForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const showProblems = (next: FieldErrors) => {
    setErrors(next);
    setFocusErrors((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRequestError(null);
    const { user, problems } = userFromForm(form, stored);
    if (user === null) {
      showProblems(errorsByField(problems));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      // A new user is added, never replacing one with the same ID (typed by mistake, or just
      // added from another window): the database refuses it in the write itself.
      const result = await api.saveUser({ user, createOnly: stored === null });
      if (!result.stored) {
        showProblems(errorsByField(result.problems));
        return;
      }
      setErrors({});
      onSaved(user.id, stored === null);
    } catch (error) {
      setRequestError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (stored === null) return;
    setBusy(true);
    setRequestError(null);
    try {
      await api.deleteUsers({ ids: [stored.id] });
      setConfirmDelete(false);
      onDeleted(stored.id);
    } catch (error) {
      setConfirmDelete(false);
      setRequestError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const onAddCard = () => {
    const added = addCard(form);
    if (added.problem !== null) showProblems({ ...errors, cards: [added.problem.message] });
    else {
      setForm(added.form);
      setErrors(({ cards: _cards, ...rest }) => rest);
    }
  };

  const text = (field: 'name' | 'email' | 'phone' | 'department' | 'title', label: string, maxLength: number, type = 'text') => (
    <TextField formId={FORM_ID} field={field} label={label} value={form[field]} onChange={(v) => set(field, v)} errors={errors} maxLength={maxLength} type={type} disabled={busy} />
  );

  return (
    <form ref={formRef} className="panel-form" onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
      {requestError !== null && <ErrorNote title="The console did not save this" message={requestError} onDismiss={() => setRequestError(null)} />}
      <FieldError formId={FORM_ID} field="form" errors={errors} />
      <TextField
        formId={FORM_ID}
        field="id"
        label="User ID"
        value={form.id}
        onChange={(v) => set('id', v)}
        errors={errors}
        disabled={busy || stored !== null}
        maxLength={64}
        inputMode="numeric"
        hint={stored === null ? 'A number from 1 to 4294967294. It cannot be changed later.' : undefined}
      />
      {text('name', 'Name', 200)}
      {text('email', 'Email', 320, 'email')}
      {text('phone', 'Phone', 64, 'tel')}
      {text('department', 'Department', 100)}
      {text('title', 'Title', 100)}
      <div className="field-row">
        <TextField formId={FORM_ID} field="periodStart" label="Period start" type="date" value={form.periodStart} onChange={(v) => set('periodStart', v)} errors={errors} disabled={busy} />
        <TextField formId={FORM_ID} field="periodEnd" label="Period end" type="date" value={form.periodEnd} onChange={(v) => set('periodEnd', v)} errors={errors} disabled={busy} />
      </div>
      <div className="field">
        <label className="check">
          <input type="checkbox" checked={form.disabled} onChange={(event) => set('disabled', event.target.checked)} disabled={busy} {...invalidProps(FORM_ID, 'disabled', errors)} />
          Disabled (the user may not open any door)
        </label>
        <FieldError formId={FORM_ID} field="disabled" errors={errors} />
      </div>
      <CardsField
        formId={FORM_ID}
        cards={form.cards}
        cardHex={form.cardHex}
        errors={errors}
        disabled={busy}
        onCardHex={(v) => set('cardHex', v)}
        onAdd={onAddCard}
        onRemove={(card) => set('cards', form.cards.filter((c) => c !== card))}
      />
      {stored !== null && (stored.fingers.length > 0 || stored.faces.length > 0) && (
        <p className="field-hint">Biometrics: {credentialsText({ cards: [], fingers: stored.fingers, faces: stored.faces })} (enrolled at a device; kept as they are).</p>
      )}
      <GroupsField formId={FORM_ID} groups={groups.value} selected={form.accessGroupIds} errors={errors} disabled={busy} onChange={(ids) => set('accessGroupIds', ids)} />
      <div className="panel-actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          Save
        </button>
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        {stored !== null && (
          <button type="button" className="button button-danger-outline push-right" onClick={() => setConfirmDelete(true)} disabled={busy}>
            Delete user
          </button>
        )}
      </div>
      {stored !== null && (
        <ConfirmDialog
          open={confirmDelete}
          title={`Delete user ${stored.id}?`}
          confirmLabel="Delete"
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmDelete(false)}
        >
          <p>
            {stored.name === '' ? `User ${stored.id}` : `${stored.name} (${stored.id})`} is removed from the console, and from every device at its next sync.
          </p>
        </ConfirmDialog>
      )}
    </form>
  );
}
