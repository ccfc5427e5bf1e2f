import { useMemo, useState } from 'react';
import { DOOR_TIMING, MAX_DOOR_PORT, type Door, type SwitchType } from '../../../../shared/domain/access';
import { useConsole } from '../../app/ConsoleContext';
import type { FieldErrors } from '../../components/FieldError';
import { TextField } from '../../components/TextField';
import { useDoors } from '../../data/hooks';
import { useDevices } from '../../stores/devicesStore';
import { EditorPanel, useSaveState } from './EditorPanel';
import { deviceLabel, deviceOptions, type DeviceOption } from './deviceOptions';
import { doorForm, doorFromForm, doorInputSummary, inputField, type DoorForm, type DoorInputForm, type DoorInputName } from './doorForm';
import { RecordsTab } from './RecordsTab';
import { SelectField, type SelectOption } from './SelectField';

const FORM_ID = 'door-editor';

function useDeviceOptions(): DeviceOption[] {
  const devices = useDevices((s) => s.devices);
  return useMemo(() => deviceOptions(devices.values()), [devices]);
}

const SWITCH_OPTIONS: readonly SelectOption[] = [
  { value: 'normally-open', label: 'Normally open' },
  { value: 'normally-closed', label: 'Normally closed' },
];

const asSwitchType = (value: string): SwitchType => (value === 'normally-open' ? 'normally-open' : 'normally-closed');

/** A door sensor or exit button: the device it is wired to (none = the door has none), its input port and wiring. */
function DoorInputFields({ name, legend, hint, input, devices, errors, disabled, onChange }: {
  name: DoorInputName;
  legend: string;
  hint: string;
  input: DoorInputForm;
  devices: readonly SelectOption[];
  errors: FieldErrors;
  disabled: boolean;
  onChange(input: DoorInputForm): void;
}) {
  const absent = input.deviceId === '';
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <p className="field-hint">{hint}</p>
      <SelectField
        formId={FORM_ID}
        field={inputField(name, 'deviceId')}
        label={`${legend}: device`}
        value={input.deviceId}
        options={devices}
        placeholder="None"
        errors={errors}
        disabled={disabled}
        onChange={(deviceId) => onChange({ ...input, deviceId })}
      />
      {!absent && (
        <div className="field-row">
          <TextField
            formId={FORM_ID}
            field={inputField(name, 'port')}
            label={`${legend}: input port`}
            type="number"
            inputMode="numeric"
            value={input.port}
            onChange={(port) => onChange({ ...input, port })}
            errors={errors}
            disabled={disabled}
          />
          <SelectField
            formId={FORM_ID}
            field={inputField(name, 'switchType')}
            label={`${legend}: wiring`}
            value={input.switchType}
            options={SWITCH_OPTIONS}
            placeholder="Choose"
            errors={errors}
            disabled={disabled}
            onChange={(switchType) => onChange({ ...input, switchType: asSwitchType(switchType) })}
          />
        </div>
      )}
    </fieldset>
  );
}

function DoorEditor({ door, onClose }: { door: Door | null; onClose(saved: string | null): void }) {
  const { api } = useConsole();
  const devices = useDeviceOptions();
  const [form, setForm] = useState<DoorForm>(() => doorForm(door));
  const save = useSaveState();
  const options = devices.map((d) => ({ value: String(d.id), label: d.label }));
  const common = { errors: save.errors, disabled: save.busy };
  return (
    <EditorPanel
      formId={FORM_ID}
      title={door === null ? 'New door' : `Door “${door.name}”`}
      errors={save.errors}
      busy={save.busy}
      requestError={save.requestError}
      onDismissError={save.dismissError}
      onClose={() => onClose(null)}
      onSubmit={() => save.submit(doorFromForm(form), (record) => (door === null ? api.createDoor({ record }) : api.saveDoor({ record: { ...record, id: door.id } })), () => onClose(`Door “${form.name.trim()}” saved.`))}
    >
      <TextField formId={FORM_ID} field="name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} maxLength={100} {...common} />
      <SelectField
        formId={FORM_ID}
        field="entryDeviceId"
        label="Entry device"
        value={form.entryDeviceId}
        options={options}
        placeholder="Choose a device"
        onChange={(entryDeviceId) => setForm({ ...form, entryDeviceId })}
        {...common}
      />
      <SelectField
        formId={FORM_ID}
        field="exitDeviceId"
        label="Exit device (optional)"
        value={form.exitDeviceId}
        options={options}
        placeholder="None"
        onChange={(exitDeviceId) => setForm({ ...form, exitDeviceId })}
        {...common}
      />
      <TextField
        formId={FORM_ID}
        field="relayPort"
        label="Relay"
        type="number"
        inputMode="numeric"
        value={form.relayPort}
        onChange={(relayPort) => setForm({ ...form, relayPort })}
        hint={`The entry device's relay that opens the lock, 0 to ${MAX_DOOR_PORT}.`}
        {...common}
      />
      <DoorInputFields
        name="sensor"
        legend="Door sensor"
        hint="Wired to an input of the entry or exit device; without one the door raises no forced-open or held-open alarm."
        input={form.sensor}
        devices={options}
        onChange={(sensor) => setForm({ ...form, sensor })}
        {...common}
      />
      <DoorInputFields
        name="exitButton"
        legend="Exit button"
        hint="Unlocks the door from inside, without a credential."
        input={form.exitButton}
        devices={options}
        onChange={(exitButton) => setForm({ ...form, exitButton })}
        {...common}
      />
      <div className="field-row">
        <TextField
          formId={FORM_ID}
          field="autoLockSeconds"
          label="Unlocked for (seconds)"
          type="number"
          inputMode="numeric"
          value={form.autoLockSeconds}
          onChange={(autoLockSeconds) => setForm({ ...form, autoLockSeconds })}
          hint={`After a granted access; default ${DOOR_TIMING.autoLockSeconds.default}.`}
          {...common}
        />
        <TextField
          formId={FORM_ID}
          field="heldOpenSeconds"
          label="Held-open alarm after (seconds)"
          type="number"
          inputMode="numeric"
          value={form.heldOpenSeconds}
          onChange={(heldOpenSeconds) => setForm({ ...form, heldOpenSeconds })}
          hint={`Needs a door sensor; default ${DOOR_TIMING.heldOpenSeconds.default}.`}
          {...common}
        />
      </div>
    </EditorPanel>
  );
}

export function DoorsTab() {
  const { api } = useConsole();
  const doors = useDoors();
  const devices = useDeviceOptions();
  const label = (id: number) => deviceLabel(devices, id);
  return (
    <RecordsTab
      noun="door"
      kind="door"
      records={doors}
      emptyText="No doors yet."
      columns={[
        { label: 'Entry device', cell: (door: Door) => label(door.entryDeviceId) },
        { label: 'Exit device', cell: (door: Door) => (door.exitDeviceId === null ? '—' : label(door.exitDeviceId)) },
        { label: 'Relay', cell: (door: Door) => String(door.relayPort) },
        { label: 'Door sensor', cell: (door: Door) => doorInputSummary(door.sensor, door, label) },
        { label: 'Exit button', cell: (door: Door) => doorInputSummary(door.exitButton, door, label) },
        { label: 'Unlock / held open', cell: (door: Door) => `${door.autoLockSeconds} s / ${door.heldOpenSeconds} s` },
      ]}
      remove={(ids) => api.deleteDoors({ ids })}
      renderEditor={(editing, close) => (
        <DoorEditor key={editing.kind === 'edit' ? editing.record.id : 'new'} door={editing.kind === 'edit' ? editing.record : null} onClose={close} />
      )}
    />
  );
}

export { useDeviceOptions };
