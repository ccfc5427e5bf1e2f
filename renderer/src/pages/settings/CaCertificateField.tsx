import { useRef, useState } from 'react';
import { MAX_CA_PEM_CHARS } from '../../../../shared/domain/gatewaySettings';
import { useConsole } from '../../app/ConsoleContext';
import { FieldError, invalidProps, type FieldErrors } from '../../components/FieldError';
import { messageOf } from '../../lib/errors';
import type { ChosenCa } from './gatewayForm';

/**
 * The gateway's CA certificate: in the desktop app the system's Open dialog (the main process
 * reads the file and hands back its text); in a browser a file input, whose text the page reads.
 * Either way the PEM text is what goes to the core, which reads the certificate itself.
 */
export function CaCertificateField({
  formId,
  chosen,
  keptName,
  onChoose,
  errors,
}: {
  formId: string;
  chosen: ChosenCa | null;
  /** The CA stored for the gateway being edited, kept unless another is chosen. */
  keptName: string | null;
  onChoose(ca: ChosenCa): void;
  errors: FieldErrors;
}) {
  const { api, shell } = useConsole();
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = `${formId}-ca`;

  const chooseInDialog = () => {
    setProblem(null);
    api.chooseCaCertificate().then(
      (file) => file && onChoose({ fileName: file.fileName, pem: file.pem }),
      (error: unknown) => setProblem(messageOf(error)),
    );
  };
  const readPicked = (file: File | undefined) => {
    setProblem(null);
    if (file === undefined) return;
    if (file.size > MAX_CA_PEM_CHARS) {
      setProblem(`${file.name} is larger than a CA certificate file can be.`);
      return;
    }
    file.text().then(
      (pem) => onChoose({ fileName: file.name, pem }),
      (error: unknown) => setProblem(`${file.name} could not be read: ${messageOf(error)}`),
    );
  };
  const shown = chosen?.fileName ?? keptName;
  const fieldErrors: FieldErrors = problem ? { ...errors, ca: [problem] } : errors;

  return (
    <div className="field">
      <label htmlFor={id}>CA certificate</label>
      <div className="ca-choice">
        {shell === 'electron' ? (
          <button type="button" id={id} className="button" onClick={chooseInDialog} {...invalidProps(formId, 'ca', fieldErrors)}>
            Choose file…
          </button>
        ) : (
          <input
            ref={input}
            id={id}
            type="file"
            accept=".crt,.pem,.cer,application/x-x509-ca-cert,application/x-pem-file"
            data-testid="ca-file-input"
            onChange={(event) => readPicked(event.target.files?.[0])}
            {...invalidProps(formId, 'ca', fieldErrors)}
          />
        )}
        <span className="muted" data-testid="ca-chosen">
          {shown ? `${chosen ? 'Chosen' : 'Kept'}: ${shown}` : 'None chosen'}
        </span>
      </div>
      <p className="field-hint">ca.crt from the gateway’s installation. The console trusts only a gateway whose certificate this CA signed.</p>
      <FieldError formId={formId} field="ca" errors={fieldErrors} />
    </div>
  );
}
