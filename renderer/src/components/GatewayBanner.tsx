import { memo, useState } from 'react';
import type { GatewayState, GatewayView } from '../../../shared/devices';
import { useConsole } from '../app/ConsoleContext';
import { formatClock, formatIn, useNow } from '../app/useNow';
import { isGatewayProblem, useGateways } from '../stores/gatewaysStore';
import { GatewayIcon } from './StateIcon';

const titles: Record<GatewayState, string> = {
  unreachable: 'Gateway unreachable',
  untrusted: 'Gateway certificate not trusted',
  failed: 'Gateway connection failed',
  connecting: 'Connecting to the gateway again',
  connected: 'Gateway connected',
};

const hints: Record<GatewayState, string> = {
  unreachable: 'Check that the gateway is running and that this computer can reach its address.',
  untrusted:
    'The console does not trust the certificate this gateway presented. Check the CA certificate configured for it in Settings.',
  failed: 'The console could not talk to this gateway.',
  connecting: 'The last attempt failed; the console is trying again.',
  connected: '',
};

const tones: Record<GatewayState, string> = {
  unreachable: 'banner-warn',
  untrusted: 'banner-error',
  failed: 'banner-error',
  connecting: 'banner-info',
  connected: 'banner-info',
};

function NextRetry({ at }: { at: number | null }) {
  const now = useNow(1000, at !== null);
  if (at === null) return <>No automatic retry is scheduled.</>;
  if (at <= now) return <>Retrying automatically now…</>;
  return (
    <>
      Next automatic retry at <time dateTime={new Date(at).toISOString()}>{formatClock(at)}</time> ({formatIn(at, now)}).
    </>
  );
}

const GatewayProblem = memo(function GatewayProblem({ gateway }: { gateway: GatewayView }) {
  const { api } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const retry = () => {
    setBusy(true);
    setError(null);
    api.retryGateway({ gatewayId: gateway.id }).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <section
      className={`banner ${tones[gateway.state]}`}
      data-testid="gateway-banner"
      data-state={gateway.state}
      data-gateway-id={gateway.id}
      aria-label={`Gateway ${gateway.label}`}
    >
      <GatewayIcon state={gateway.state} />
      <div className="banner-body">
        <p className="banner-title">
          {titles[gateway.state]}: {gateway.label}{' '}
          <span className="banner-address">({gateway.address})</span>
        </p>
        {gateway.message !== null && <p className="banner-text banner-message">{gateway.message}</p>}
        <p className="banner-text">
          {hints[gateway.state]} {gateway.state !== 'connecting' && <NextRetry at={gateway.nextRetryAt} />}
        </p>
        {error !== null && (
          <p className="banner-text banner-error-text" role="alert">
            Retry failed: {error}
          </p>
        )}
      </div>
      <button type="button" className="button button-primary" onClick={retry} disabled={busy} aria-busy={busy}>
        Retry now
      </button>
    </section>
  );
});

/**
 * One banner per gateway in trouble: unreachable, untrusted or failed, and still shown while such
 * a gateway retries (connecting) until it connects, so it does not blink on every attempt.
 */
export function GatewayBanners() {
  const gateways = useGateways((s) => s.gateways);
  const attention = useGateways((s) => s.attention);
  const problems = gateways.filter((g) => isGatewayProblem(g) || attention.has(g.id));
  if (problems.length === 0) return null;
  return (
    <div className="banners">
      {problems.map((gateway) => (
        <GatewayProblem key={gateway.id} gateway={gateway} />
      ))}
    </div>
  );
}
