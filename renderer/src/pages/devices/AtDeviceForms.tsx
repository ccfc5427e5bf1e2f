import { useState, type FormEvent } from 'react';
import { USER_LIMITS } from '../../../../shared/limits';
import type { CredentialKind, VirtualDevice } from '../../../../shared/ipc/contract';
import type { FieldErrors } from '../../components/FieldError';
import { TextField } from '../../components/TextField';
import { credentialLabels, hasProblems, userFieldProblems, userIdHint } from './virtualSiteText';

/*
 * The forms of the Virtual site panel, one per thing a person at the reader's keypad can do.
 * Each checks what any device would refuse (an empty or too long ID, a too long name) and hands
 * the rest to the device through `onSubmit`; the panel shows what came of it.
 */

export interface EnrollRequest {
  userId: string;
  name: string;
  credentials: CredentialKind[];
}

export interface EditRequest {
  userId: string;
  /** Absent: the name stays. */
  name?: string;
  addCredentials: CredentialKind[];
}

interface FormProps<T> {
  device: VirtualDevice;
  busy: boolean;
  onSubmit(request: T): void;
}

/** A reader's default enrolment: a card and the first biometric its model reads. */
function defaultCredentials(device: VirtualDevice): CredentialKind[] {
  const biometric = device.credentials.find((kind) => kind !== 'card');
  return device.credentials.filter((kind) => kind === 'card' || kind === biometric);
}

function CredentialChoices({ legend, device, chosen, onChange, verb }: { legend: string; device: VirtualDevice; chosen: readonly CredentialKind[]; onChange(kinds: CredentialKind[]): void; verb: string }) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {device.credentials.map((kind) => (
        <label key={kind} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(kind)}
            onChange={(event) => onChange(event.target.checked ? device.credentials.filter((k) => k === kind || chosen.includes(k)) : chosen.filter((k) => k !== kind))}
          />
          {verb} a {credentialLabels[kind]}
        </label>
      ))}
    </fieldset>
  );
}

export function EnrollForm({ device, busy, onSubmit }: FormProps<EnrollRequest>) {
  const [userId, setUserId] = useState('');
  const [name, setName] = useState('');
  const [credentials, setCredentials] = useState<CredentialKind[]>(() => defaultCredentials(device));
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = userFieldProblems({ userId, name });
    setErrors(problems);
    if (!hasProblems(problems)) onSubmit({ userId: userId.trim(), name, credentials });
  };
  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label="Enroll a user at the device">
      <div className="field-row">
        <TextField formId="at-device-enroll" field="userId" label="User ID" value={userId} onChange={setUserId} errors={errors} maxLength={64} hint={userIdHint(device.userIdPolicy)} />
        <TextField formId="at-device-enroll" field="name" label="Name" value={name} onChange={setName} errors={errors} maxLength={USER_LIMITS.nameMaxChars + 20} />
      </div>
      <CredentialChoices legend="Presented at the reader" device={device} chosen={credentials} onChange={setCredentials} verb="Present" />
      <div className="panel-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Enroll at device
        </button>
      </div>
    </form>
  );
}

export function EditForm({ device, busy, onSubmit }: FormProps<EditRequest>) {
  const [userId, setUserId] = useState('');
  const [name, setName] = useState('');
  const [addCredentials, setAddCredentials] = useState<CredentialKind[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: { [field: string]: readonly string[] | undefined } = { ...userFieldProblems({ userId, name }) };
    if (name === '' && addCredentials.length === 0) problems.changes = ['Give a new name or a credential to add.'];
    setErrors(problems);
    if (!hasProblems(problems)) onSubmit({ userId: userId.trim(), ...(name === '' ? {} : { name }), addCredentials });
  };
  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label="Edit a user at the device">
      <div className="field-row">
        <TextField formId="at-device-edit" field="userId" label="User ID" value={userId} onChange={setUserId} errors={errors} maxLength={64} />
        <TextField formId="at-device-edit" field="name" label="New name" value={name} onChange={setName} errors={errors} maxLength={USER_LIMITS.nameMaxChars + 20} hint="Empty: the name stays." />
      </div>
      <CredentialChoices legend="Add at the reader" device={device} chosen={addCredentials} onChange={setAddCredentials} verb="Add" />
      {errors.changes !== undefined && (
        <p className="field-error" data-testid="field-error" data-field="changes">
          {errors.changes.join('; ')}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Save at device
        </button>
      </div>
    </form>
  );
}

export function DeleteForm({ busy, onSubmit }: FormProps<{ userId: string }>) {
  const [userId, setUserId] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = userFieldProblems({ userId });
    setErrors(problems);
    if (!hasProblems(problems)) onSubmit({ userId: userId.trim() });
  };
  return (
    <form className="panel-form" onSubmit={submit} noValidate aria-label="Delete a user at the device">
      <TextField formId="at-device-delete" field="userId" label="User ID" value={userId} onChange={setUserId} errors={errors} maxLength={64} />
      <p className="field-hint">The console’s master copy keeps its users: one it placed here shows as missing on this device until a sync writes it back.</p>
      <div className="panel-actions">
        <button type="submit" className="button button-danger-outline" disabled={busy}>
          Delete at device
        </button>
      </div>
    </form>
  );
}

export function NetworkForm({ device, busy, onSubmit }: FormProps<{ online: boolean }>) {
  return (
    <div className="panel-form">
      <p className="panel-text">
        The network cable is <strong>{device.online ? 'plugged in' : 'pulled'}</strong>. Without it the console loses the device; what happens at the device meanwhile waits in its log until the console
        reads it.
      </p>
      <div className="panel-actions">
        <button type="button" className="button" disabled={busy} onClick={() => onSubmit({ online: !device.online })}>
          {device.online ? 'Pull network cable' : 'Plug network cable back in'}
        </button>
      </div>
    </div>
  );
}
