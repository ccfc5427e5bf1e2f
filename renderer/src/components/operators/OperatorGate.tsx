import { App } from '../App';
import { useOperatorSession } from '../../stores/operatorStore';
import { FirstStartScreen, LockScreen, SignInScreen } from './SignInScreens';

/**
 * Nothing of the console shows before someone signs in: the first start asks for the
 * administrator, then the sign-in screen asks who is there. While the screen is locked the
 * console stays mounted but hidden (an open editor keeps what was typed), behind the lock
 * screen; the core refuses its requests until the password is given again.
 */
export function OperatorGate() {
  const session = useOperatorSession();
  if (session === null) {
    return (
      <main className="sign-in-page" aria-busy="true">
        <p className="field-hint">Connecting to the console…</p>
      </main>
    );
  }
  switch (session.state) {
    case 'setup':
      return <FirstStartScreen />;
    case 'signedOut':
      return <SignInScreen />;
    case 'locked':
    case 'signedIn':
      return (
        <>
          {session.state === 'locked' && <LockScreen operatorName={session.operator.name} />}
          <div className="operator-console" hidden={session.state === 'locked'}>
            <App />
          </div>
        </>
      );
  }
}
