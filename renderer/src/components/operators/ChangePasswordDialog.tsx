import { useState } from 'react';
import { useConsole } from '../../app/ConsoleContext';
import { messageOf } from '../../lib/errors';
import { ConfirmDialog } from '../ConfirmDialog';
import { ErrorNote, StatusNote } from '../Notice';
import { TextField } from '../TextField';
import { passwordProblems } from './operatorForm';

/** The signed-in operator's own password: the current one first, so a console left open cannot be taken over by changing it. */
export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { api } = useConsole();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const close = () => {
    setCurrent('');
    setNext('');
    setRepeat('');
    setErrors({});
    setFailure(null);
    setDone(false);
    onClose();
  };

  const confirm = () => {
    if (done) {
      close();
      return;
    }
    const problems = passwordProblems(next, repeat);
    if (current === '') problems.current = ['the current password is needed'];
    setErrors(problems);
    if (Object.keys(problems).length > 0 || busy) return;
    setBusy(true);
    setFailure(null);
    api.changeOwnPassword({ currentPassword: current, newPassword: next }).then(
      () => {
        setBusy(false);
        setDone(true);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(messageOf(error));
      },
    );
  };

  return (
    <ConfirmDialog open={open} title="Change your password" confirmLabel={done ? 'Close' : 'Change password'} busy={busy} onConfirm={confirm} onCancel={close}>
      {done ? (
        <StatusNote>Your password was changed.</StatusNote>
      ) : (
        <>
          <TextField formId="own-password" field="current" label="Current password" type="password" value={current} onChange={setCurrent} errors={errors} maxLength={256} />
          <TextField formId="own-password" field="password" label="New password" type="password" value={next} onChange={setNext} errors={errors} maxLength={256} />
          <TextField formId="own-password" field="repeat" label="New password again" type="password" value={repeat} onChange={setRepeat} errors={errors} maxLength={256} />
          {failure !== null && <ErrorNote title="The password was not changed" message={failure} />}
        </>
      )}
    </ConfirmDialog>
  );
}
