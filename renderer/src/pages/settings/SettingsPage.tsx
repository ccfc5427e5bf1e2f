import { useId } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { GatewaySettings } from './GatewaySettings';
import { OperatorsSettings } from './OperatorsSettings';
import { RetentionSettings } from './RetentionSettings';
import { SyncModeSettings } from './SyncModeSettings';

/**
 * Settings, grouped the way operators know them from BioStar 2: Device gateways, Server →
 * User/Device management, and Server → Event log (retention); and Operators (accounts, roles,
 * the idle lock). The page is an Administrator's only (routes.ts), as the core's role table says.
 */
export function SettingsPage() {
  const serverId = useId();
  const managementId = useId();
  const eventLogId = useId();
  const gatewaysId = useId();
  const operatorsId = useId();
  return (
    <div className="page">
      <PageHeader title="Settings" />
      <section className="settings-section" aria-labelledby={gatewaysId}>
        <h2 id={gatewaysId} className="settings-heading">
          Device gateways
        </h2>
        <GatewaySettings />
      </section>
      <section className="settings-section" aria-labelledby={serverId}>
        <h2 id={serverId} className="settings-heading">
          Server
        </h2>
        <section className="settings-group" aria-labelledby={managementId}>
          <h3 id={managementId} className="settings-subheading">
            User/Device management
          </h3>
          <SyncModeSettings />
        </section>
        <section className="settings-group" aria-labelledby={eventLogId}>
          <h3 id={eventLogId} className="settings-subheading">
            Event log
          </h3>
          <RetentionSettings />
        </section>
      </section>
      <section className="settings-section" aria-labelledby={operatorsId}>
        <h2 id={operatorsId} className="settings-heading">
          Operators
        </h2>
        <OperatorsSettings />
      </section>
    </div>
  );
}
