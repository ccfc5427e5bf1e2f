import type { GatewayView } from '../../../shared/devices';
import { gatewayStateLabels, overallGatewayState, useGateways } from '../stores/gatewaysStore';
import { useState } from 'react';
import { OPERATOR_ROLE_TEXT } from '../../../shared/domain/operators';
import { useConsole } from '../app/ConsoleContext';
import { messageOf } from '../lib/errors';
import { operatorStore, useOperatorSession } from '../stores/operatorStore';
import { ChangePasswordDialog } from './operators/ChangePasswordDialog';
import { GatewayIcon } from './StateIcon';

/** Up to this many gateways get a chip each; beyond, one summary chip. */
const MAX_CHIPS = 3;

function GatewayChip({ gateway }: { gateway: GatewayView }) {
  const label = gatewayStateLabels[gateway.state];
  return (
    <li
      className={`chip gw-${gateway.state}`}
      data-testid="gateway-status"
      data-gateway-id={gateway.id}
      data-state={gateway.state}
      title={`${gateway.label} (${gateway.address})${gateway.message === null ? '' : `: ${gateway.message}`}`}
    >
      <GatewayIcon state={gateway.state} />
      <span className="chip-label">{gateway.label}</span>
      <span className="chip-state">{label}</span>
    </li>
  );
}

function GatewayStatus() {
  const gateways = useGateways((s) => s.gateways);
  const loaded = useGateways((s) => s.loaded);
  if (!loaded) return <span className="topbar-muted">Gateways: loading…</span>;
  if (gateways.length === 0) return <span className="topbar-muted">No gateway configured</span>;
  if (gateways.length <= MAX_CHIPS) {
    return (
      <ul className="chips" aria-label="Gateways">
        {gateways.map((gateway) => (
          <GatewayChip key={gateway.id} gateway={gateway} />
        ))}
      </ul>
    );
  }
  const worst = overallGatewayState(gateways) ?? 'connected';
  const healthy = gateways.filter((g) => g.state === 'connected').length;
  return (
    <ul className="chips" aria-label="Gateways">
      <li className={`chip gw-${worst}`} data-testid="gateway-status" data-state={worst}>
        <GatewayIcon state={worst} />
        <span className="chip-label">{gateways.length} gateways</span>
        <span className="chip-state">{healthy} connected</span>
      </li>
    </ul>
  );
}

/** Who is signed in, with Lock (leaving the workstation), their own password, and Sign out. */
function OperatorStatus() {
  const { api } = useConsole();
  const session = useOperatorSession();
  const [changingPassword, setChangingPassword] = useState(false);
  if (session?.state !== 'signedIn') return null;
  const act = (request: typeof api.lockSession) => {
    request().then(
      (next) => operatorStore.setState({ session: next }),
      (error: unknown) => console.warn('the session request failed:', messageOf(error)),
    );
  };
  return (
    <div className="operator-status" data-testid="operator-status" data-role={session.operator.role}>
      <span className="chip-label">{session.operator.name}</span>
      <span className="topbar-muted">{OPERATOR_ROLE_TEXT[session.operator.role].label}</span>
      <button type="button" className="button button-small" onClick={() => act(api.lockSession)}>
        Lock
      </button>
      <button type="button" className="button button-small" onClick={() => setChangingPassword(true)}>
        Password
      </button>
      <button type="button" className="button button-small" onClick={() => act(api.signOut)}>
        Sign out
      </button>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </div>
  );
}

export function TopBar() {
  // From the live gateway list: the operator switches the virtual site off and on in Settings.
  const virtualSite = useGateways((s) => s.gateways.some((gateway) => gateway.kind === 'virtual'));
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M3 18V6l7-4 7 4v12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          <path d="M7 18V9m3 9V8m3 10V9M5 11.5h10M5 15h10" stroke="currentColor" strokeWidth="1.5" />
        </svg>
        <span className="brand-name">Portcullis</span>
        {virtualSite && (
          <span className="tag" title="The console runs its built-in virtual gateway with a demo site (Settings → Device gateways switches it off).">
            Virtual site
          </span>
        )}
      </div>
      <div className="topbar-status">
        <GatewayStatus />
      </div>
      <OperatorStatus />
    </header>
  );
}
