import { useEffect, useRef } from 'react';
import { pickedText } from './eventLogText';

export interface PickOption<T extends string | number> {
  value: T;
  label: string;
}

export interface PickGroup<T extends string | number> {
  /** null: options without a heading. */
  label: string | null;
  options: readonly PickOption<T>[];
}

export interface MultiPickProps<T extends string | number> {
  /** "Devices", "Category": the field's name (its legend). */
  label: string;
  /** What it shows with nothing picked: "Any device". */
  any: string;
  /** "devices": "3 devices" when several are picked. */
  plural: string;
  groups: readonly PickGroup<T>[];
  picked: readonly T[];
  onChange(picked: T[]): void;
}

/**
 * A filter field with several choices: closed, it reads "Any device", the one picked or "3
 * devices"; open (a disclosure), a list of checkboxes. Clicking elsewhere closes it.
 */
export function MultiPick<T extends string | number>({ label, any, plural, groups, picked, onChange }: MultiPickProps<T>) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      const details = ref.current;
      if (details?.open && event.target instanceof Node && !details.contains(event.target)) details.open = false;
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, []);

  const chosen = new Set<T>(picked);
  const labels = new Map<T, string>();
  for (const group of groups) for (const option of group.options) labels.set(option.value, option.label);
  const toggle = (value: T, on: boolean) => onChange(on ? [...picked, value] : picked.filter((p) => p !== value));
  return (
    <details className="pick" ref={ref}>
      <summary className="pick-summary" aria-label={`${label}: ${pickedText(picked.map((p) => labels.get(p) ?? String(p)), any, plural)}`}>
        <span className="pick-label">{label}</span> <span className="pick-value">{pickedText(picked.map((p) => labels.get(p) ?? String(p)), any, plural)}</span>
      </summary>
      <fieldset className="pick-panel">
        <legend className="visually-hidden">{label}</legend>
        {groups.map((group) => (
          <div key={group.label ?? ''} className="pick-group">
            {group.label !== null && <p className="pick-group-label">{group.label}</p>}
            <ul className="check-list">
              {group.options.map((option) => (
                <li key={option.value}>
                  <label className="check">
                    <input type="checkbox" checked={chosen.has(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
                    {option.label}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <button type="button" className="button button-small" disabled={picked.length === 0} onClick={() => onChange([])}>
          {any}
        </button>
      </fieldset>
    </details>
  );
}
