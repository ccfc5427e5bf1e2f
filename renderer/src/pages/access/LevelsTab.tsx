import { useState } from 'react';
import type { AccessLevel } from '../../../../shared/domain/access';
import { useConsole } from '../../app/ConsoleContext';
import { FieldError } from '../../components/FieldError';
import { TextField } from '../../components/TextField';
import { useAccessLevels, useDoors, useSchedules } from '../../data/hooks';
import { EditorPanel, useSaveState } from './EditorPanel';
import { levelForm, levelFromForm, withAlways, type LevelRow } from './accessForms';
import { RecordsTab } from './RecordsTab';
import { SelectField } from './SelectField';

const FORM_ID = 'level-editor';

function LevelEditor({ level, onClose }: { level: AccessLevel | null; onClose(saved: string | null): void }) {
  const { api } = useConsole();
  const doors = useDoors();
  const schedules = useSchedules();
  const [form, setForm] = useState(() => levelForm(level));
  const save = useSaveState();
  const doorOptions = (doors.value ?? []).map((d) => ({ value: String(d.id), label: d.name })).sort((a, b) => a.label.localeCompare(b.label));
  const scheduleOptions = withAlways(schedules.value ?? []).map((s) => ({ value: String(s.id), label: s.name }));
  const setRow = (index: number, row: LevelRow) => setForm({ ...form, rows: form.rows.map((r, i) => (i === index ? row : r)) });
  return (
    <EditorPanel
      formId={FORM_ID}
      title={level === null ? 'New access level' : `Access level “${level.name}”`}
      errors={save.errors}
      busy={save.busy}
      requestError={save.requestError}
      onDismissError={save.dismissError}
      onClose={() => onClose(null)}
      onSubmit={() => save.submit(levelFromForm(form), (record) => (level === null ? api.createAccessLevel({ record }) : api.saveAccessLevel({ record: { ...record, id: level.id } })), () => onClose(`Access level “${form.name.trim()}” saved.`))}
    >
      <TextField formId={FORM_ID} field="name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} errors={save.errors} maxLength={100} disabled={save.busy} />
      <fieldset className="fieldset">
        <legend>Doors and schedules</legend>
        {form.rows.length === 0 && <p className="field-hint">No doors yet: this level opens nothing.</p>}
        {doorOptions.length === 0 && <p className="field-hint">No doors exist yet. Create them in the Doors tab.</p>}
        <ol className="row-list">
          {form.rows.map((row, index) => (
            <li key={index} className="row-item">
              <SelectField
                formId={FORM_ID}
                field="doorSchedules"
                id={`${FORM_ID}-door-${index}`}
                label={`Door ${index + 1}`}
                value={row.doorId}
                options={doorOptions}
                placeholder="Choose a door"
                errors={save.errors}
                disabled={save.busy}
                showError={false}
                onChange={(doorId) => setRow(index, { ...row, doorId })}
              />
              <SelectField
                formId={FORM_ID}
                field="doorSchedules"
                id={`${FORM_ID}-schedule-${index}`}
                label={`Schedule ${index + 1}`}
                value={row.scheduleId}
                options={scheduleOptions}
                placeholder="Choose a schedule"
                errors={save.errors}
                disabled={save.busy}
                showError={false}
                onChange={(scheduleId) => setRow(index, { ...row, scheduleId })}
              />
              <button
                type="button"
                className="button button-small"
                disabled={save.busy}
                aria-label={`Remove door ${index + 1}`}
                onClick={() => setForm({ ...form, rows: form.rows.filter((_, i) => i !== index) })}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="button" disabled={save.busy} onClick={() => setForm({ ...form, rows: [...form.rows, { doorId: '', scheduleId: '1' }] })}>
          Add door
        </button>
        <FieldError formId={FORM_ID} field="doorSchedules" errors={save.errors} />
      </fieldset>
    </EditorPanel>
  );
}

export function LevelsTab() {
  const { api } = useConsole();
  const levels = useAccessLevels();
  const doors = useDoors();
  const schedules = useSchedules();
  const doorNames = new Map(doors.value?.map((d) => [d.id, d.name]));
  const scheduleNames = new Map(withAlways(schedules.value ?? []).map((s) => [s.id, s.name]));
  return (
    <RecordsTab
      noun="access level"
      kind="access-level"
      records={levels}
      emptyText="No access levels yet."
      columns={[
        {
          label: 'Doors and schedules',
          cell: (level: AccessLevel) =>
            level.doorSchedules.length === 0
              ? '—'
              : level.doorSchedules.map((p) => `${doorNames.get(p.doorId) ?? `#${p.doorId}`} (${scheduleNames.get(p.scheduleId) ?? `#${p.scheduleId}`})`).join(', '),
        },
      ]}
      remove={(ids) => api.deleteAccessLevels({ ids })}
      renderEditor={(editing, close) => (
        <LevelEditor key={editing.kind === 'edit' ? editing.record.id : 'new'} level={editing.kind === 'edit' ? editing.record : null} onClose={close} />
      )}
    />
  );
}
