import type { HTMLInputTypeAttribute } from 'react';
import { FieldError, invalidProps, type FieldErrors } from './FieldError';

export interface TextFieldProps {
  formId: string;
  field: string;
  label: string;
  value: string;
  onChange(value: string): void;
  errors: FieldErrors;
  type?: HTMLInputTypeAttribute;
  disabled?: boolean;
  maxLength?: number;
  placeholder?: string;
  hint?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'tel';
}

/** A labelled text input with its validation message under it. */
export function TextField(props: TextFieldProps) {
  const { formId, field, label, value, onChange, errors, type = 'text', disabled, maxLength, placeholder, hint, inputMode } = props;
  const id = `${formId}-${field}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={field}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
        maxLength={maxLength}
        placeholder={placeholder}
        inputMode={inputMode}
        spellCheck={false}
        autoComplete="off"
        {...invalidProps(formId, field, errors)}
      />
      {hint !== undefined && <p className="field-hint">{hint}</p>}
      <FieldError formId={formId} field={field} errors={errors} />
    </div>
  );
}
