import { useState } from 'react';
import type { Zone } from '../../../../shared/domain/access';
import { useConsole } from '../../app/ConsoleContext';
import { TextField } from '../../components/TextField';
import { useZones } from '../../data/hooks';
import { CheckList } from './CheckList';
import { useDeviceOptions } from './DoorsTab';
import { EditorPanel, useSaveState } from './EditorPanel';
import { nextId, zoneForm, zoneFromForm } from './accessForms';
import { deviceLabel } from './deviceOptions';
import { RecordsTab } from './RecordsTab';

const FORM_ID = 'zone-editor';

function ZoneEditor({ zone, newId, onClose }: { zone: Zone | null; newId: number; onClose(saved: string | null): void }) {
  const { api } = useConsole();
  const devices = useDeviceOptions();
  const [form, setForm] = useState(() => zoneForm(zone));
  const save = useSaveState();
  return (
    <EditorPanel
      formId={FORM_ID}
      title={zone === null ? 'New zone' : `Zone “${zone.name}”`}
      errors={save.errors}
      busy={save.busy}
      requestError={save.requestError}
      onDismissError={save.dismissError}
      onClose={() => onClose(null)}
      onSubmit={() => save.submit(zoneFromForm(zone?.id ?? newId, form), (record) => api.saveZone({ record }), () => onClose(`Zone “${form.name.trim()}” saved.`))}
    >
      <TextField formId={FORM_ID} field="name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} errors={save.errors} maxLength={100} disabled={save.busy} />
      <p className="field-hint">
        Kind: <strong>Anti-passback</strong>. A user who entered through one of these devices must leave before entering again.
      </p>
      <CheckList
        formId={FORM_ID}
        field="deviceIds"
        legend="Member devices"
        options={devices}
        selected={form.deviceIds}
        errors={save.errors}
        disabled={save.busy}
        emptyText="No devices are known yet."
        onChange={(deviceIds) => setForm({ ...form, deviceIds })}
      />
    </EditorPanel>
  );
}

export function ZonesTab() {
  const { api } = useConsole();
  const zones = useZones();
  const devices = useDeviceOptions();
  return (
    <RecordsTab
      noun="zone"
      kind="zone"
      records={zones}
      emptyText="No zones yet."
      columns={[
        { label: 'Kind', cell: () => 'Anti-passback' },
        { label: 'Member devices', cell: (zone: Zone) => zone.deviceIds.map((id) => deviceLabel(devices, id)).join(', ') },
      ]}
      remove={(ids) => api.deleteZones({ ids })}
      renderEditor={(editing, close) => (
        <ZoneEditor key={editing.kind === 'edit' ? editing.record.id : 'new'} zone={editing.kind === 'edit' ? editing.record : null} newId={nextId(zones.value ?? [])} onClose={close} />
      )}
    />
  );
}
