import { useState, type FormEvent, type ReactNode } from 'react';
import { MIN_PASSWORD_LENGTH, type SessionView } from '../../../../shared/domain/operators';
import { useConsole } from '../../app/ConsoleContext';
import { messageOf } from '../../lib/errors';
import { operatorStore } from '../../stores/operatorStore';
import type { FieldErrors } from '../FieldError';
import { ErrorNote } from '../Notice';
import { TextField } from '../TextField';
import { passwordProblems } from './operatorForm';

function Screen({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <main className="sign-in-page">
      <div className="sign-in-card">
        <p className="brand-name">Portcullis</p>
        <h1 className="sign-in-title">{title}</h1>
        <p className="field-hint">{intro}</p>
        {children}
      </div>
    </main>
  );
}

/** A form that sends one request and shows the core's refusal in its words. */
function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = (request: () => Promise<SessionView>) => {
    setBusy(true);
    setFailure(null);
    request().then(
      // The session's new state arrives as sessionChanged too; taking the answer as well spares a wait.
      (session) => {
        setBusy(false);
        operatorStore.setState({ session });
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(messageOf(error));
      },
    );
  };
  return { busy, failure, setFailure, run };
}

/** First start: no account exists; the one who installs the console becomes its administrator. */
export function FirstStartScreen() {
  const { api } = useConsole();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, failure, setFailure, run } = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string[]> = passwordProblems(password, repeat);
    if (name.trim() === '') problems.name = ['a name is needed'];
    setErrors(problems);
    if (Object.keys(problems).length > 0 || busy) return;
    run(() => api.createFirstAdministrator({ name, password }));
  };
  return (
    <Screen
      title="Create the administrator"
      intro={`This console has no operator yet. The administrator may do everything, including adding the other operators. The password needs at least ${MIN_PASSWORD_LENGTH} characters.`}
    >
      <form className="settings-form" onSubmit={submit} noValidate aria-label="Create the administrator" aria-busy={busy}>
        <TextField formId="first-start" field="name" label="Name" value={name} onChange={setName} errors={errors} maxLength={64} />
        <TextField formId="first-start" field="password" label="Password" type="password" value={password} onChange={setPassword} errors={errors} maxLength={256} />
        <TextField formId="first-start" field="repeat" label="Password again" type="password" value={repeat} onChange={setRepeat} errors={errors} maxLength={256} />
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Create the administrator
          </button>
        </div>
        {failure !== null && <ErrorNote title="The administrator was not created" message={failure} onDismiss={() => setFailure(null)} />}
      </form>
    </Screen>
  );
}

export function SignInScreen() {
  const { api } = useConsole();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, failure, setFailure, run } = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || name.trim() === '' || password === '') return;
    run(() => api.signIn({ name, password }).finally(() => setPassword('')));
  };
  return (
    <Screen title="Sign in" intro="The console decides who may open which door: sign in with your operator name and password.">
      <form className="settings-form" onSubmit={submit} noValidate aria-label="Sign in" aria-busy={busy}>
        <TextField formId="sign-in" field="name" label="Name" value={name} onChange={setName} errors={{}} maxLength={64} />
        <TextField formId="sign-in" field="password" label="Password" type="password" value={password} onChange={setPassword} errors={{}} maxLength={256} />
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={busy || name.trim() === '' || password === ''}>
            Sign in
          </button>
        </div>
        {failure !== null && <ErrorNote title="Not signed in" message={failure} onDismiss={() => setFailure(null)} />}
      </form>
    </Screen>
  );
}

/** The idle lock (or Lock): the same operator's password again, or sign out for someone else. */
export function LockScreen({ operatorName }: { operatorName: string }) {
  const { api } = useConsole();
  const [password, setPassword] = useState('');
  const { busy, failure, setFailure, run } = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || password === '') return;
    run(() => api.unlockSession({ password }).finally(() => setPassword('')));
  };
  return (
    <Screen title="Locked" intro={`The console is locked. The devices keep syncing meanwhile. ${operatorName}, enter your password to go on.`}>
      <form className="settings-form" onSubmit={submit} noValidate aria-label="Unlock" aria-busy={busy}>
        <TextField formId="unlock" field="password" label="Password" type="password" value={password} onChange={setPassword} errors={{}} maxLength={256} />
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={busy || password === ''}>
            Unlock
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => run(() => api.signOut())}>
            Sign out
          </button>
        </div>
        {failure !== null && <ErrorNote title="Still locked" message={failure} onDismiss={() => setFailure(null)} />}
      </form>
    </Screen>
  );
}
