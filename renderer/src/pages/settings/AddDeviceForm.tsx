import { useState, type FormEvent } from 'react';
import { useConsole } from '../../app/ConsoleContext';
import type { FieldErrors } from '../../components/FieldError';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { messageOf } from '../../lib/errors';
import { emptyDeviceAddress, parseDeviceAddress, type DeviceAddressFields } from './gatewayForm';

/**
 * Adds a device through one gateway by its IP address and port: the gateway connects to it and
 * keeps reconnecting it (G-SDK Connect, then AddAsyncConnection). The device then appears on the
 * Devices page like any other.
 */
export function AddDeviceForm({ gatewayId, gatewayLabel }: { gatewayId: string; gatewayLabel: string }) {
  const { api } = useConsole();
  const formId = `add-device-${gatewayId}`;
  const [fields, setFields] = useState<DeviceAddressFields>(emptyDeviceAddress);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = parseDeviceAddress(fields);
    if ('errors' in parsed) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    setOutcome(null);
    const { ip, port, useSsl } = parsed.address;
    api.addDeviceByAddress({ gatewayId, ip, port, useSsl }).then(
      ({ deviceId }) => {
        setBusy(false);
        setFields(emptyDeviceAddress);
        setOutcome({ ok: true, text: `Device ${deviceId} at ${ip}:${port} added through ${gatewayLabel}.` });
      },
      (error: unknown) => {
        setBusy(false);
        setOutcome({ ok: false, text: messageOf(error) });
      },
    );
  };

  return (
    <form className="add-device-form" onSubmit={submit} noValidate aria-label={`Add a device through ${gatewayLabel}`} aria-busy={busy} data-testid="add-device-form">
      <div className="field-row">
        <TextField formId={formId} field="ip" label="Device IP address" value={fields.ip} onChange={(ip) => setFields((shown) => ({ ...shown, ip }))} errors={errors} maxLength={15} placeholder="192.168.10.21" />
        <TextField formId={formId} field="port" label="Port" value={fields.port} onChange={(port) => setFields((shown) => ({ ...shown, port }))} errors={errors} inputMode="numeric" maxLength={5} />
      </div>
      <div className="check-option">
        <input id={`${formId}-ssl`} type="checkbox" checked={fields.useSsl} onChange={(event) => setFields((shown) => ({ ...shown, useSsl: event.target.checked }))} />
        <label htmlFor={`${formId}-ssl`}>The device uses secure communication (TLS)</label>
      </div>
      <div className="settings-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Connecting…' : 'Add device'}
        </button>
      </div>
      <div aria-live="polite">{outcome?.ok && <StatusNote>{outcome.text}</StatusNote>}</div>
      {outcome && !outcome.ok && <ErrorNote title="The device was not added" message={outcome.text} onDismiss={() => setOutcome(null)} />}
    </form>
  );
}
