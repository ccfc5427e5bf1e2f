import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { TrafficState } from '../../../../shared/domain/siteTraffic';
import { routeHref } from '../../app/routes';
import { useConsole } from '../../app/ConsoleContext';
import type { FieldErrors } from '../../components/FieldError';
import { ErrorNote } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { messageOf } from '../../lib/errors';
import { parseTrafficRate, trafficStateText } from './siteTrafficText';

/** The stream may be started or stopped elsewhere too (the control API, another window): read it again this often. */
const REFRESH_MS = 2_000;
const DEFAULT_RATE = '200';

/**
 * "Site traffic" in the Virtual site section: a steady stream of everyday events at every
 * virtual device (people badging, doors opening, now and then a door forced or held), at a
 * chosen rate, to watch the console under load. Start (or change the rate of the stream that
 * runs), Stop, and what runs now.
 */
export function SiteTrafficControl() {
  const { api } = useConsole();
  const [state, setState] = useState<TrafficState | null>(null);
  const [rateText, setRateText] = useState(DEFAULT_RATE);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const refresh = useCallback(() => {
    api.describeSiteTraffic().then(setState, (error: unknown) => setFailure(messageOf(error)));
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const run = (request: () => Promise<TrafficState>) => {
    setBusy(true);
    setFailure(null);
    request().then(
      (next) => {
        setBusy(false);
        setState(next);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(messageOf(error));
      },
    );
  };

  const start = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseTrafficRate(rateText);
    if ('problem' in parsed) {
      setErrors({ rate: [parsed.problem] });
      return;
    }
    setErrors({});
    run(() => api.startSiteTraffic({ rate: parsed.rate }));
  };

  const running = state?.running === true;
  return (
    <section className="site-traffic" aria-labelledby="site-traffic-heading" data-testid="site-traffic" data-running={state === null ? undefined : String(running)}>
      <h4 className="detail-subheading" id="site-traffic-heading">
        Site traffic
      </h4>
      <p className="panel-text muted">
        People presenting cards and fingers, doors opening, the odd door forced or held open, at every virtual device. <a href={routeHref('monitoring')}>Watch it in Monitoring</a>
      </p>
      {/* Not a live region: while traffic runs its count changes every 2 s, which a screen reader would keep reading out. */}
      <p className="panel-text" data-testid="site-traffic-state">
        {state === null ? 'Reading…' : trafficStateText(state)}
      </p>
      <form className="panel-form" onSubmit={start} noValidate aria-label="Site traffic">
        <div className="field-row">
          <TextField formId="site-traffic" field="rate" label="Events per second (whole site)" value={rateText} onChange={setRateText} errors={errors} inputMode="numeric" maxLength={12} />
        </div>
        <div className="panel-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {running ? 'Change rate' : 'Start traffic'}
          </button>
          <button type="button" className="button" disabled={busy || !running} onClick={() => run(() => api.stopSiteTraffic())}>
            Stop traffic
          </button>
        </div>
      </form>
      {failure !== null && <ErrorNote title="Site traffic" message={failure} onDismiss={() => setFailure(null)} />}
    </section>
  );
}
