import { useConsole } from '../app/ConsoleContext';
import { formatIn, useNow } from '../app/useNow';
import { useSession } from '../stores/sessionStore';
import { ShapeIcon } from './StateIcon';

/** Shown while the browser's link to the dev/test host is down; the table shows the last known state. */
export function HostBanner() {
  const { link } = useConsole();
  const status = useSession((s) => s.link);
  const down = status.state === 'disconnected' || (status.state === 'connecting' && status.attempt > 0);
  const now = useNow(1000, down);
  if (!down) return null;
  const retry =
    status.state === 'connecting'
      ? 'Reconnecting…'
      : status.nextRetryAt === null
        ? ''
        : `Reconnecting ${formatIn(status.nextRetryAt, now)}.`;
  return (
    <section className="banner banner-warn" data-testid="host-banner" data-state={status.state} aria-label="Console host">
      <ShapeIcon shape="warn" />
      <div className="banner-body">
        <p className="banner-title">{status.error ?? 'Not connected to the console host.'}</p>
        <p className="banner-text">
          What you see may be out of date. {retry}
        </p>
      </div>
      <button type="button" className="button" onClick={() => link.reconnectNow()} disabled={status.state !== 'disconnected'}>
        Reconnect now
      </button>
    </section>
  );
}
