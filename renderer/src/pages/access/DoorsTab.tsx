import { useMemo, useState } from 'react';
import type { Door } from '../../../../shared/domain/access';
import { useConsole } from '../../app/ConsoleContext';
import { TextField } from '../../components/TextField';
import { useDoors } from '../../data/hooks';
import { useDevices } from '../../stores/devicesStore';
import { EditorPanel, useSaveState } from './EditorPanel';
import { doorForm, doorFromForm, nextId } from './accessForms';
import { deviceLabel, deviceOptions, type DeviceOption } from './deviceOptions';
import { RecordsTab } from './RecordsTab';
import { SelectField } from './SelectField';

const FORM_ID = 'door-editor';

function useDeviceOptions(): DeviceOption[] {
  const devices = useDevices((s) => s.devices);
  return useMemo(() => deviceOptions(devices.values()), [devices]);
}

function DoorEditor({ door, newId, onClose }: { door: Door | null; newId: number; onClose(saved: string | null): void }) {
  const { api } = useConsole();
  const devices = useDeviceOptions();
  const [form, setForm] = useState(() => doorForm(door));
  const save = useSaveState();
  const options = devices.map((d) => ({ value: String(d.id), label: d.label }));
  return (
    <EditorPanel
      formId={FORM_ID}
      title={door === null ? 'New door' : `Door “${door.name}”`}
      errors={save.errors}
      busy={save.busy}
      requestError={save.requestError}
      onDismissError={save.dismissError}
      onClose={() => onClose(null)}
      onSubmit={() => save.submit(doorFromForm(door?.id ?? newId, form), (record) => api.saveDoor({ record }), () => onClose(`Door “${form.name.trim()}” saved.`))}
    >
      <TextField formId={FORM_ID} field="name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} errors={save.errors} maxLength={100} disabled={save.busy} />
      <SelectField
        formId={FORM_ID}
        field="entryDeviceId"
        label="Entry device"
        value={form.entryDeviceId}
        options={options}
        placeholder="Choose a device"
        errors={save.errors}
        disabled={save.busy}
        onChange={(entryDeviceId) => setForm({ ...form, entryDeviceId })}
      />
      <SelectField
        formId={FORM_ID}
        field="exitDeviceId"
        label="Exit device (optional)"
        value={form.exitDeviceId}
        options={options}
        placeholder="None"
        errors={save.errors}
        disabled={save.busy}
        onChange={(exitDeviceId) => setForm({ ...form, exitDeviceId })}
      />
      <TextField
        formId={FORM_ID}
        field="relayPort"
        label="Relay"
        type="number"
        inputMode="numeric"
        value={form.relayPort}
        onChange={(relayPort) => setForm({ ...form, relayPort })}
        errors={save.errors}
        disabled={save.busy}
        hint="The entry device's relay that opens the lock, 0 to 15."
      />
    </EditorPanel>
  );
}

export function DoorsTab() {
  const { api } = useConsole();
  const doors = useDoors();
  const devices = useDeviceOptions();
  return (
    <RecordsTab
      noun="door"
      kind="door"
      records={doors}
      emptyText="No doors yet."
      columns={[
        { label: 'Entry device', cell: (door: Door) => deviceLabel(devices, door.entryDeviceId) },
        { label: 'Exit device', cell: (door: Door) => (door.exitDeviceId === null ? '—' : deviceLabel(devices, door.exitDeviceId)) },
        { label: 'Relay', cell: (door: Door) => String(door.relayPort) },
      ]}
      remove={(ids) => api.deleteDoors({ ids })}
      renderEditor={(editing, close) => (
        <DoorEditor key={editing.kind === 'edit' ? editing.record.id : 'new'} door={editing.kind === 'edit' ? editing.record : null} newId={nextId(doors.value ?? [])} onClose={close} />
      )}
    />
  );
}

export { useDeviceOptions };
