import { FieldError, invalidProps, type FieldErrors } from '../../components/FieldError';

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled <select> with its field's message; `placeholder` is the empty choice. */
export function SelectField({ formId, field, id, label, value, options, placeholder, errors, disabled, showError = true, onChange }: {
  formId: string;
  field: string;
  /** Element ID when several selects share a field (rows of a list). */
  id?: string;
  label: string;
  value: string;
  options: readonly SelectOption[];
  placeholder: string;
  errors: FieldErrors;
  disabled: boolean;
  showError?: boolean;
  onChange(value: string): void;
}) {
  const elementId = id ?? `${formId}-${field}`;
  const known = options.some((o) => o.value === value);
  return (
    <div className="field">
      <label htmlFor={elementId}>{label}</label>
      <select id={elementId} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)} {...invalidProps(formId, field, errors)}>
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {value !== '' && !known && <option value={value}>#{value} (no longer exists)</option>}
      </select>
      {showError && <FieldError formId={formId} field={field} errors={errors} />}
    </div>
  );
}
