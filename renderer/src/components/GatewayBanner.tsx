import { memo, useState } from 'react';
import type { GatewayState, GatewayView } from '../../../shared/devices';
import { useConsole } from '../app/ConsoleContext';
import { formatClock, formatIn, useNow } from '../app/useNow';
import { isGatewayProblem, useGateways } from '../stores/gatewaysStore';
import { GatewayIcon } from './StateIcon';

const titles: Partial<Record<GatewayState, string>> = {
  unreachable: 'Cannot reach the gateway',
  untrusted: 'The gateway’s certificate is not trusted',
  failed: 'The gateway connection failed',
};

const hints: Partial<Record<GatewayState, string>> = {
  unreachable: 'Check that the gateway is running and that this computer can reach its address.',
  untrusted:
    'The console does not trust the certificate this gateway presented. Check the CA certificate configured for it in Settings.',
  failed: 'The console could not talk to this gateway.',
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

  const tone = gateway.state === 'unreachable' ? 'banner-warn' : 'banner-error';
  return (
    <section
      className={`banner ${tone}`}
      data-testid="gateway-banner"
      data-state={gateway.state}
      data-gateway-id={gateway.id}
      aria-label={`Gateway ${gateway.label}`}
    >
      <GatewayIcon state={gateway.state} />
      <div className="banner-body">
        <p className="banner-title">
          {titles[gateway.state] ?? 'Gateway problem'}: {gateway.label}{' '}
          <span className="banner-address">({gateway.address})</span>
        </p>
        {gateway.message !== null && <p className="banner-text banner-message">{gateway.message}</p>}
        <p className="banner-text">
          {hints[gateway.state]} <NextRetry at={gateway.nextRetryAt} />
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

export function GatewayBanners() {
  const gateways = useGateways((s) => s.gateways);
  const problems = gateways.filter(isGatewayProblem);
  if (problems.length === 0) return null;
  return (
    <div className="banners">
      {problems.map((gateway) => (
        <GatewayProblem key={gateway.id} gateway={gateway} />
      ))}
    </div>
  );
}
