import { useState } from 'react';
import type { Schedule } from '../../../../shared/domain/access';
import { useConsole } from '../../app/ConsoleContext';
import { FieldError, invalidProps, type FieldErrors } from '../../components/FieldError';
import { TextField } from '../../components/TextField';
import { useSchedules } from '../../data/hooks';
import { EditorPanel, useSaveState } from './EditorPanel';
import { DAY_NAMES, dayField, MAX_SPANS_PER_DAY, scheduleForm, scheduleFromForm, scheduleSummary, type SpanRow } from './accessForms';
import { RecordsTab } from './RecordsTab';

const FORM_ID = 'schedule-editor';

function DaySpans({ day, spans, errors, disabled, onChange }: { day: number; spans: SpanRow[]; errors: FieldErrors; disabled: boolean; onChange(spans: SpanRow[]): void }) {
  const dayName = DAY_NAMES[day] ?? '';
  const field = dayField(day);
  const setSpan = (index: number, span: SpanRow) => onChange(spans.map((s, i) => (i === index ? span : s)));
  const time = (index: number, part: 'start' | 'end', span: SpanRow) => {
    const id = `${FORM_ID}-${day}-${index}-${part}`;
    return (
      <span className="time-field">
        <label htmlFor={id}>
          <span className="visually-hidden">
            {dayName} span {index + 1}{' '}
          </span>
          {part === 'start' ? 'from' : 'to'}
        </label>
        <input
          id={id}
          className="time-input mono"
          value={span[part]}
          placeholder="HH:MM"
          maxLength={5}
          inputMode="numeric"
          disabled={disabled}
          onChange={(event) => setSpan(index, { ...span, [part]: event.target.value })}
          {...invalidProps(FORM_ID, field, errors)}
        />
      </span>
    );
  };
  return (
    <fieldset className="fieldset day">
      <legend>{dayName}</legend>
      {spans.length === 0 && <p className="field-hint">No access.</p>}
      {spans.map((span, index) => (
        <div key={index} className="span-row">
          {time(index, 'start', span)}
          {time(index, 'end', span)}
          <button type="button" className="button button-small" disabled={disabled} aria-label={`Remove ${dayName} span ${index + 1}`} onClick={() => onChange(spans.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      {spans.length < MAX_SPANS_PER_DAY && (
        <button type="button" className="button button-small" disabled={disabled} aria-label={`Add a time span on ${dayName}`} onClick={() => onChange([...spans, { start: '09:00', end: '17:00' }])}>
          Add time span
        </button>
      )}
      <FieldError formId={FORM_ID} field={field} errors={errors} />
    </fieldset>
  );
}

function ScheduleEditor({ schedule, onClose }: { schedule: Schedule | null; onClose(saved: string | null): void }) {
  const { api } = useConsole();
  const [form, setForm] = useState(() => scheduleForm(schedule));
  const save = useSaveState();
  return (
    <EditorPanel
      formId={FORM_ID}
      title={schedule === null ? 'New schedule' : `Schedule “${schedule.name}”`}
      errors={save.errors}
      busy={save.busy}
      requestError={save.requestError}
      onDismissError={save.dismissError}
      onClose={() => onClose(null)}
      onSubmit={() => save.submit(scheduleFromForm(form), (record) => (schedule === null ? api.createSchedule({ record }) : api.saveSchedule({ record: { ...record, id: schedule.id } })), () => onClose(`Schedule “${form.name.trim()}” saved.`))}
    >
      <TextField formId={FORM_ID} field="name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} errors={save.errors} maxLength={100} disabled={save.busy} />
      <p className="field-hint">Times of day as HH:MM; 24:00 is the end of the day.</p>
      {form.days.map((spans, day) => (
        <DaySpans key={day} day={day} spans={spans} errors={save.errors} disabled={save.busy} onChange={(next) => setForm({ ...form, days: form.days.map((d, i) => (i === day ? next : d)) })} />
      ))}
    </EditorPanel>
  );
}

export function SchedulesTab() {
  const { api } = useConsole();
  const schedules = useSchedules();
  return (
    <RecordsTab
      noun="schedule"
      kind="schedule"
      records={schedules}
      emptyText="No schedules yet besides “Always”, which every device knows."
      columns={[{ label: 'Week', cell: (schedule: Schedule) => scheduleSummary(schedule) }]}
      remove={(ids) => api.deleteSchedules({ ids })}
      renderEditor={(editing, close) => (
        <ScheduleEditor
          key={editing.kind === 'edit' ? editing.record.id : 'new'}
          schedule={editing.kind === 'edit' ? editing.record : null}
          onClose={close}
        />
      )}
    />
  );
}
