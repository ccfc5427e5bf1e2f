import { FieldError, type FieldErrors } from '../../components/FieldError';

export interface CheckOption {
  id: number;
  label: string;
}

/** A multi-select as a list of labelled checkboxes, with its field's message. */
export function CheckList({ formId, field, legend, options, selected, errors, disabled, emptyText, onChange }: {
  formId: string;
  field: string;
  legend: string;
  options: readonly CheckOption[];
  selected: readonly number[];
  errors: FieldErrors;
  disabled: boolean;
  emptyText: string;
  onChange(ids: number[]): void;
}) {
  const known = new Set(options.map((o) => o.id));
  const all = [...options, ...selected.filter((id) => !known.has(id)).map((id) => ({ id, label: `#${id} (no longer exists)` }))];
  return (
    <fieldset className="fieldset" aria-invalid={(errors[field]?.length ?? 0) > 0 || undefined}>
      <legend>{legend}</legend>
      {all.length === 0 ? (
        <p className="field-hint">{emptyText}</p>
      ) : (
        <ul className="check-list">
          {all.map((option) => (
            <li key={option.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={selected.includes(option.id)}
                  disabled={disabled}
                  onChange={(event) => onChange(event.target.checked ? [...selected, option.id] : selected.filter((id) => id !== option.id))}
                />
                {option.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      <FieldError formId={formId} field={field} errors={errors} />
    </fieldset>
  );
}
