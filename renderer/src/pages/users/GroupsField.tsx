import type { AccessGroup } from '../../../../shared/domain/access';
import { FieldError, type FieldErrors } from '../../components/FieldError';

export interface GroupsFieldProps {
  formId: string;
  groups: readonly AccessGroup[] | undefined;
  selected: readonly number[];
  errors: FieldErrors;
  disabled: boolean;
  onChange(ids: number[]): void;
}

/** Access groups as a list of checkboxes (a multi-select every keyboard and screen reader knows). */
export function GroupsField({ formId, groups, selected, errors, disabled, onChange }: GroupsFieldProps) {
  const toggle = (id: number, on: boolean) => onChange(on ? [...selected, id] : selected.filter((g) => g !== id));
  const known = new Set(groups?.map((g) => g.id));
  const missing = selected.filter((id) => !known.has(id));
  return (
    <fieldset className="fieldset">
      <legend>Access groups</legend>
      {groups === undefined ? (
        <p className="field-hint">Loading access groups…</p>
      ) : groups.length === 0 && missing.length === 0 ? (
        <p className="field-hint">No access groups yet. Create them under Access control.</p>
      ) : (
        <ul className="check-list">
          {[...groups]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((group) => (
              <li key={group.id}>
                <label className="check">
                  <input type="checkbox" checked={selected.includes(group.id)} disabled={disabled} onChange={(event) => toggle(group.id, event.target.checked)} />
                  {group.name}
                </label>
              </li>
            ))}
          {missing.map((id) => (
            <li key={`missing-${id}`}>
              <label className="check">
                <input type="checkbox" checked disabled={disabled} onChange={() => toggle(id, false)} />
                Access group #{id} (deleted)
              </label>
            </li>
          ))}
        </ul>
      )}
      <FieldError formId={formId} field="accessGroupIds" errors={errors} />
    </fieldset>
  );
}
