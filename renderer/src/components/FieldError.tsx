/** Field-level validation messages, keyed by field name (a form field, not a record path). */
export type FieldErrors = Readonly<Partial<Record<string, readonly string[]>>>;

export function errorId(formId: string, field: string): string {
  return `${formId}-${field}-error`;
}

/** The messages for one field, announced with the field (aria-describedby points here). */
export function FieldError({ formId, field, errors }: { formId: string; field: string; errors: FieldErrors }) {
  const messages = errors[field];
  if (messages === undefined || messages.length === 0) return null;
  return (
    <p className="field-error" id={errorId(formId, field)} data-testid="field-error" data-field={field}>
      {messages.join('; ')}
    </p>
  );
}

/** Props that tie an input to its error message. */
export function invalidProps(formId: string, field: string, errors: FieldErrors): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return (errors[field]?.length ?? 0) > 0 ? { 'aria-invalid': true, 'aria-describedby': errorId(formId, field) } : {};
}
