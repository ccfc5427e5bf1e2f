import { useState, type FormEvent } from 'react';
import type { GatewayTestResult, StoredGatewayView } from '../../../../shared/domain/gatewaySettings';
import { useConsole } from '../../app/ConsoleContext';
import type { FieldErrors } from '../../components/FieldError';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { messageOf } from '../../lib/errors';
import { CaCertificateField } from './CaCertificateField';
import { emptyGatewayFields, parseGatewayFields, testResultText, type GatewayFields } from './gatewayForm';

/**
 * Add a gateway, or edit a saved one: name, address, port and CA certificate, with **Test
 * connection** before saving (the core tries TLS with that CA and reads the device list). An
 * edit that picks no new CA keeps the stored one (and is tested with it only after saving).
 */
export function GatewayForm({ editing, onDone, onCancel }: { editing: StoredGatewayView | null; onDone(message: string): void; onCancel(): void }) {
  const { api } = useConsole();
  const formId = editing ? `gateway-${editing.id}` : 'gateway-new';
  const [fields, setFields] = useState<GatewayFields>(
    editing ? { name: editing.name, host: editing.host, port: String(editing.port), ca: null } : emptyGatewayFields,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [tested, setTested] = useState<GatewayTestResult | null>(null);
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null);

  const edit = <K extends keyof GatewayFields>(field: K) => (value: GatewayFields[K]) => {
    setTested(null);
    setFields((shown) => ({ ...shown, [field]: value }));
  };
  const parsed = () => {
    const result = parseGatewayFields(fields, editing === null);
    if ('errors' in result) {
      setErrors(result.errors);
      return null;
    }
    setErrors({});
    return result.gateway;
  };

  const test = () => {
    const gateway = parsed();
    if (gateway === null) return;
    if (gateway.ca === null) {
      setErrors({ ca: ['Choose the CA certificate again to test with it (the stored one is used after saving).'] });
      return;
    }
    setBusy('test');
    setFailure(null);
    setTested(null);
    api.testGateway({ host: gateway.host, port: gateway.port, caCertPem: gateway.ca.pem }).then(
      (result) => {
        setBusy(null);
        setTested(result);
      },
      (error: unknown) => {
        setBusy(null);
        setFailure({ title: 'The test could not run', message: messageOf(error) });
      },
    );
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const gateway = parsed();
    if (gateway === null || busy !== null) return;
    setBusy('save');
    setFailure(null);
    const request = editing
      ? api.updateGateway({
          id: editing.id,
          name: gateway.name,
          host: gateway.host,
          port: gateway.port,
          ...(gateway.ca ? { caCertPem: gateway.ca.pem, caFileName: gateway.ca.fileName } : {}),
        })
      : api.addGateway({ name: gateway.name, host: gateway.host, port: gateway.port, caCertPem: gateway.ca?.pem ?? '', caFileName: gateway.ca?.fileName ?? '' });
    request.then(
      () => {
        setBusy(null);
        onDone(`${gateway.name || `${gateway.host}:${gateway.port}`} ${editing ? 'saved; reconnecting with the new settings' : 'added; connecting'}.`);
      },
      (error: unknown) => {
        setBusy(null);
        setFailure({ title: 'Not saved', message: messageOf(error) });
      },
    );
  };

  const outcome = tested ? testResultText(tested) : null;
  return (
    <form className="settings-form gateway-form" onSubmit={save} noValidate aria-label={editing ? `Edit gateway ${editing.name || editing.host}` : 'Add a gateway'} aria-busy={busy !== null} data-testid="gateway-form">
      <div className="field-row">
        <TextField formId={formId} field="name" label="Name (optional)" value={fields.name} onChange={edit('name')} errors={errors} maxLength={64} placeholder="Head office" />
      </div>
      <div className="field-row">
        <TextField formId={formId} field="host" label="Address" value={fields.host} onChange={edit('host')} errors={errors} maxLength={253} placeholder="192.168.0.10 or gateway.site.local" />
        <TextField formId={formId} field="port" label="Port" value={fields.port} onChange={edit('port')} errors={errors} inputMode="numeric" maxLength={5} />
      </div>
      <CaCertificateField formId={formId} chosen={fields.ca} keptName={editing?.ca.fileName ?? null} onChoose={edit('ca')} errors={errors} />
      <div className="settings-actions">
        <button type="button" className="button" onClick={test} disabled={busy !== null}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button button-primary" disabled={busy !== null}>
          {editing ? 'Save gateway' : 'Add gateway'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy === 'save'}>
          Cancel
        </button>
      </div>
      <div aria-live="polite" data-testid="gateway-test-result" data-outcome={tested?.outcome ?? ''}>
        {outcome &&
          (outcome.ok ? (
            <StatusNote>
              {outcome.title}. {outcome.detail}
            </StatusNote>
          ) : (
            <ErrorNote title={outcome.title} message={outcome.detail} />
          ))}
      </div>
      {failure !== null && <ErrorNote title={failure.title} message={failure.message} onDismiss={() => setFailure(null)} />}
    </form>
  );
}
