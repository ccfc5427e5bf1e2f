import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { OPERATOR_ROLE_TEXT, operatorRoles, type OperatorRole, type OperatorView } from '../../../../shared/domain/operators';
import { useConsole } from '../../app/ConsoleContext';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { passwordProblems } from '../../components/operators/operatorForm';
import { messageOf } from '../../lib/errors';
import { useOperatorSession } from '../../stores/operatorStore';

function RoleSelect({ id, value, onChange }: { id: string; value: OperatorRole; onChange(role: OperatorRole): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Role</label>
      <select id={id} value={value} onChange={(event) => onChange(operatorRoles.find((role) => role === event.target.value) ?? value)}>
        {[...operatorRoles].reverse().map((role) => (
          <option key={role} value={role}>
            {OPERATOR_ROLE_TEXT[role].label}
          </option>
        ))}
      </select>
      <p className="field-hint">{OPERATOR_ROLE_TEXT[value].explanation}</p>
    </div>
  );
}

type Editing = { kind: 'edit'; id: string; name: string; role: OperatorRole } | { kind: 'password'; id: string; password: string; repeat: string } | { kind: 'remove'; id: string };

/**
 * Settings → Operators (administrators only, like every setting): who may use the console and
 * with which role, their passwords, and the idle lock. The core keeps at least one
 * administrator and audits every change; its refusals are shown in its words.
 */
export function OperatorsSettings() {
  const { api } = useConsole();
  const session = useOperatorSession();
  const [operators, setOperators] = useState<OperatorView[] | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [adding, setAdding] = useState({ name: '', role: 'monitoringOperator' as OperatorRole, password: '', repeat: '' });
  const [addErrors, setAddErrors] = useState<Record<string, string[]>>({});
  const [idleMinutes, setIdleMinutes] = useState(session?.state === 'signedIn' ? String(session.idleLockMinutes) : '');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null);

  const reload = useCallback(() => {
    api.listOperators().then(setOperators, (error: unknown) => setFailure({ title: 'The operators could not be read', message: messageOf(error) }));
  }, [api]);
  useEffect(reload, [reload]);

  const run = (title: string, request: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setDone(null);
    setFailure(null);
    request().then(
      () => {
        setBusy(false);
        setEditing(null);
        setDone(success);
        reload();
      },
      (error: unknown) => {
        setBusy(false);
        setFailure({ title, message: messageOf(error) });
      },
    );
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const problems = passwordProblems(adding.password, adding.repeat);
    if (adding.name.trim() === '') problems.name = ['a name is needed'];
    setAddErrors(problems);
    if (Object.keys(problems).length > 0 || busy) return;
    const { name, role, password } = adding;
    run('The operator was not added', () => api.addOperator({ name, role, password }), `Added ${name.trim()} as ${OPERATOR_ROLE_TEXT[role].label}.`);
    setAdding({ name: '', role, password: '', repeat: '' });
  };

  const saveEditing = (event: FormEvent) => {
    event.preventDefault();
    if (editing === null || busy) return;
    if (editing.kind === 'edit') {
      const { id, name, role } = editing;
      run('The operator was not changed', () => api.saveOperator({ id, name, role }), `Saved ${name.trim()}.`);
    } else if (editing.kind === 'password') {
      const problems = passwordProblems(editing.password, editing.repeat);
      const first = Object.values(problems)[0]?.[0];
      if (first !== undefined) {
        setFailure({ title: 'The password was not reset', message: first });
        return;
      }
      const { id, password } = editing;
      run('The password was not reset', () => api.resetOperatorPassword({ id, password }), 'Password reset.');
    } else {
      const { id } = editing;
      run('The operator was not removed', () => api.removeOperator({ id }), 'Operator removed.');
    }
  };

  const saveIdle = (event: FormEvent) => {
    event.preventDefault();
    const minutes = Number(idleMinutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      setFailure({ title: 'The idle lock was not saved', message: 'a whole number of minutes from 1 to 1440' });
      return;
    }
    run('The idle lock was not saved', () => api.setIdleLock({ minutes }), `The screen now locks after ${minutes} minutes without input.`);
  };

  return (
    <div className="settings-form" aria-busy={busy}>
      <p className="field-hint">
        Administrators may do everything; User operators edit users and access rules and sync them, without settings; Monitoring operators read devices and the event log. At least one administrator always remains.
      </p>
      {operators === null ? (
        failure === null && <p className="field-hint">Loading…</p>
      ) : (
        <table className="data-table operators-table" aria-label="Operators">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {operators.map((operator) => (
              <tr key={operator.id} data-testid="operator-row" data-name={operator.name}>
                <td>{operator.name}</td>
                <td>{OPERATOR_ROLE_TEXT[operator.role].label}</td>
                <td>
                  <button type="button" className="button button-small" onClick={() => setEditing({ kind: 'edit', id: operator.id, name: operator.name, role: operator.role })}>
                    Edit
                  </button>{' '}
                  <button type="button" className="button button-small" onClick={() => setEditing({ kind: 'password', id: operator.id, password: '', repeat: '' })}>
                    Reset password
                  </button>{' '}
                  <button type="button" className="button button-small button-danger-outline" onClick={() => setEditing({ kind: 'remove', id: operator.id })}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {editing !== null && (
        <form className="settings-form" onSubmit={saveEditing} noValidate aria-label="Change the operator">
          {editing.kind === 'edit' && (
            <div className="field-row">
              <TextField formId="operator-edit" field="name" label="Name" value={editing.name} onChange={(name) => setEditing({ ...editing, name })} errors={{}} maxLength={64} />
              <RoleSelect id="operator-edit-role" value={editing.role} onChange={(role) => setEditing({ ...editing, role })} />
            </div>
          )}
          {editing.kind === 'password' && (
            <div className="field-row">
              <TextField formId="operator-password" field="password" label="New password" type="password" value={editing.password} onChange={(password) => setEditing({ ...editing, password })} errors={{}} maxLength={256} />
              <TextField formId="operator-password" field="repeat" label="New password again" type="password" value={editing.repeat} onChange={(repeat) => setEditing({ ...editing, repeat })} errors={{}} maxLength={256} />
            </div>
          )}
          {editing.kind === 'remove' && <p>Remove {operators?.find((operator) => operator.id === editing.id)?.name ?? 'this operator'}? They are signed out at once.</p>}
          <div className="settings-actions">
            <button type="submit" className={`button ${editing.kind === 'remove' ? 'button-danger' : 'button-primary'}`} disabled={busy}>
              {editing.kind === 'edit' ? 'Save operator' : editing.kind === 'password' ? 'Reset password' : 'Remove operator'}
            </button>
            <button type="button" className="button" onClick={() => setEditing(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}

      <form className="settings-form" onSubmit={add} noValidate aria-label="Add an operator">
        <h4 className="settings-subheading">Add an operator</h4>
        <div className="field-row">
          <TextField formId="operator-add" field="name" label="Name" value={adding.name} onChange={(name) => setAdding({ ...adding, name })} errors={addErrors} maxLength={64} />
          <RoleSelect id="operator-add-role" value={adding.role} onChange={(role) => setAdding({ ...adding, role })} />
        </div>
        <div className="field-row">
          <TextField formId="operator-add" field="password" label="Password" type="password" value={adding.password} onChange={(password) => setAdding({ ...adding, password })} errors={addErrors} maxLength={256} />
          <TextField formId="operator-add" field="repeat" label="Password again" type="password" value={adding.repeat} onChange={(repeat) => setAdding({ ...adding, repeat })} errors={addErrors} maxLength={256} />
        </div>
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Add operator
          </button>
        </div>
      </form>

      <form className="settings-form" onSubmit={saveIdle} noValidate aria-label="Idle lock">
        <TextField formId="idle-lock" field="minutes" label="Lock the screen after (minutes without input)" value={idleMinutes} onChange={setIdleMinutes} errors={{}} inputMode="numeric" maxLength={4} />
        <div className="settings-actions">
          <button type="submit" className="button" disabled={busy}>
            Save idle lock
          </button>
        </div>
      </form>

      <div aria-live="polite">{done !== null && <StatusNote>{done}</StatusNote>}</div>
      {failure !== null && <ErrorNote title={failure.title} message={failure.message} onDismiss={() => setFailure(null)} />}
    </div>
  );
}
