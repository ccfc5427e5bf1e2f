import { useState } from 'react';
import type { ReaderRole, Zone } from '../../../../shared/domain/access';
import { useConsole } from '../../app/ConsoleContext';
import { FieldError, type FieldErrors } from '../../components/FieldError';
import { TextField } from '../../components/TextField';
import { useZones } from '../../data/hooks';
import { useDeviceOptions } from './DoorsTab';
import { EditorPanel, useSaveState } from './EditorPanel';
import { deviceLabel, type DeviceOption } from './deviceOptions';
import { RecordsTab } from './RecordsTab';
import { SelectField, type SelectOption } from './SelectField';
import { resetSummary, withRole, zoneForm, zoneFromForm, type ZoneForm } from './zoneForm';

const FORM_ID = 'zone-editor';

const ROLE_OPTIONS: readonly SelectOption[] = [
  { value: 'entry', label: 'Entry reader' },
  { value: 'exit', label: 'Exit reader' },
];
const MODE_OPTIONS: readonly SelectOption[] = [
  { value: 'hard', label: 'Hard (refuse)' },
  { value: 'soft', label: 'Soft (log only)' },
];

const asRole = (value: string): ReaderRole | null => (value === 'entry' || value === 'exit' ? value : null);

/**
 * One select per device: not a member, entry reader or exit reader. The members the zone had when
 * the editor opened come first (the list scrolls), those the console no longer knows included;
 * the order then stays put while the operator edits.
 */
function MemberReaders({ form, devices, errors, disabled, onChange }: {
  form: ZoneForm;
  devices: readonly DeviceOption[];
  errors: FieldErrors;
  disabled: boolean;
  onChange(members: ZoneForm['members']): void;
}) {
  const [firstIds] = useState(() => form.members.map((member) => member.deviceId));
  const byId = new Map(devices.map((device) => [device.id, device]));
  const first = new Set(firstIds);
  const all = [
    ...firstIds.map((id) => byId.get(id) ?? { id, label: `#${id} (no longer exists)` }),
    ...devices.filter((device) => !first.has(device.id)),
  ];
  return (
    <fieldset className="fieldset" aria-invalid={(errors.members?.length ?? 0) > 0 || undefined}>
      <legend>Member readers</legend>
      <p className="field-hint">A user who came in through an entry reader must go out through an exit reader before coming in again.</p>
      {all.length === 0 ? (
        <p className="field-hint">No devices are known yet.</p>
      ) : (
        <ul className="check-list">
          {all.map((device) => (
            <li key={device.id}>
              <SelectField
                formId={FORM_ID}
                field="members"
                id={`${FORM_ID}-member-${device.id}`}
                label={device.label}
                value={form.members.find((member) => member.deviceId === device.id)?.role ?? ''}
                options={ROLE_OPTIONS}
                placeholder="Not a member"
                errors={errors}
                disabled={disabled}
                showError={false}
                onChange={(role) => onChange(withRole(form.members, device.id, asRole(role)))}
              />
            </li>
          ))}
        </ul>
      )}
      <FieldError formId={FORM_ID} field="members" errors={errors} />
    </fieldset>
  );
}

function ZoneEditor({ zone, onClose }: { zone: Zone | null; onClose(saved: string | null): void }) {
  const { api } = useConsole();
  const devices = useDeviceOptions();
  const [form, setForm] = useState(() => zoneForm(zone));
  const save = useSaveState();
  const common = { errors: save.errors, disabled: save.busy };
  return (
    <EditorPanel
      formId={FORM_ID}
      title={zone === null ? 'New zone' : `Zone “${zone.name}”`}
      errors={save.errors}
      busy={save.busy}
      requestError={save.requestError}
      onDismissError={save.dismissError}
      onClose={() => onClose(null)}
      onSubmit={() => save.submit(zoneFromForm(form), (record) => (zone === null ? api.createZone({ record }) : api.saveZone({ record: { ...record, id: zone.id } })), () => onClose(`Zone “${form.name.trim()}” saved.`))}
    >
      <TextField formId={FORM_ID} field="name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} maxLength={100} {...common} />
      <p className="field-hint">
        Kind: <strong>Anti-passback</strong>. Hard refuses a second entry; soft logs it and lets the user through.
      </p>
      <div className="field-row">
        <SelectField
          formId={FORM_ID}
          field="mode"
          label="Violations"
          value={form.mode}
          options={MODE_OPTIONS}
          placeholder="Choose"
          onChange={(mode) => setForm({ ...form, mode: mode === 'soft' ? 'soft' : 'hard' })}
          {...common}
        />
        <TextField
          formId={FORM_ID}
          field="resetMinutes"
          label="Reset after (minutes)"
          type="number"
          inputMode="numeric"
          value={form.resetMinutes}
          onChange={(resetMinutes) => setForm({ ...form, resetMinutes })}
          hint="Everyone may enter again after this; 0 = never."
          {...common}
        />
      </div>
      <MemberReaders form={form} devices={devices} onChange={(members) => setForm({ ...form, members })} {...common} />
    </EditorPanel>
  );
}

export function ZonesTab() {
  const { api } = useConsole();
  const zones = useZones();
  const devices = useDeviceOptions();
  const readers = (zone: Zone, role: ReaderRole) =>
    zone.members
      .filter((member) => member.role === role)
      .map((member) => deviceLabel(devices, member.deviceId))
      .join(', ') || '—';
  return (
    <RecordsTab
      noun="zone"
      kind="zone"
      records={zones}
      emptyText="No zones yet."
      columns={[
        { label: 'Anti-passback', cell: (zone: Zone) => (zone.mode === 'hard' ? 'Hard' : 'Soft') },
        { label: 'Entry readers', cell: (zone: Zone) => readers(zone, 'entry') },
        { label: 'Exit readers', cell: (zone: Zone) => readers(zone, 'exit') },
        { label: 'Reset', cell: (zone: Zone) => resetSummary(zone.resetMinutes) },
      ]}
      remove={(ids) => api.deleteZones({ ids })}
      renderEditor={(editing, close) => (
        <ZoneEditor key={editing.kind === 'edit' ? editing.record.id : 'new'} zone={editing.kind === 'edit' ? editing.record : null} onClose={close} />
      )}
    />
  );
}
