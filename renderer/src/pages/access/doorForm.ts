import {
  DOOR_TIMING,
  doorWiringProblems,
  MAX_DOOR_PORT,
  newDoorSchema,
  type Door,
  type DoorInput,
  type NewRecord,
  type SwitchType,
} from '../../../../shared/domain/access';
import { finish, checkName, Problems, wholeNumber, type FieldOf, type FormResult } from './formResult';

/** The door editor's fields as typed, and the door they make. */

/** A door sensor or exit button as typed; no device chosen = none. */
export interface DoorInputForm {
  /** Device ID as text; '' = none. */
  deviceId: string;
  port: string;
  switchType: SwitchType;
}

export interface DoorForm {
  name: string;
  /** Device IDs as text; '' until chosen (exit: none). */
  entryDeviceId: string;
  exitDeviceId: string;
  relayPort: string;
  sensor: DoorInputForm;
  exitButton: DoorInputForm;
  autoLockSeconds: string;
  heldOpenSeconds: string;
}

export type DoorInputName = 'sensor' | 'exitButton';

/** The form fields of a door input ("sensorDeviceId", "exitButtonPort"...), where its messages go. */
export function inputField(input: DoorInputName, part: 'deviceId' | 'port' | 'switchType'): string {
  return `${input}${part.charAt(0).toUpperCase()}${part.slice(1)}`;
}

/** Wiring problems and schema issues name a path into the door; an input's part has its own field. */
const doorFieldOf: FieldOf = (path) => {
  const [first, second] = path;
  if ((first === 'sensor' || first === 'exitButton') && (second === 'deviceId' || second === 'port' || second === 'switchType')) return inputField(first, second);
  if (first === 'sensor' || first === 'exitButton') return inputField(first, 'deviceId');
  return String(first ?? 'form');
};

/** A contact is usually wired normally closed (a cut wire reads as open), a push button normally open. */
const INPUT_DEFAULTS: Record<DoorInputName, DoorInputForm> = {
  sensor: { deviceId: '', port: '0', switchType: 'normally-closed' },
  exitButton: { deviceId: '', port: '1', switchType: 'normally-open' },
};

function inputForm(input: DoorInput | null, name: DoorInputName): DoorInputForm {
  return input === null ? INPUT_DEFAULTS[name] : { deviceId: String(input.deviceId), port: String(input.port), switchType: input.switchType };
}

export function doorForm(door: NewRecord<Door> | null): DoorForm {
  return {
    name: door?.name ?? '',
    entryDeviceId: door === null ? '' : String(door.entryDeviceId),
    exitDeviceId: door?.exitDeviceId == null ? '' : String(door.exitDeviceId),
    relayPort: String(door?.relayPort ?? 0),
    sensor: inputForm(door?.sensor ?? null, 'sensor'),
    exitButton: inputForm(door?.exitButton ?? null, 'exitButton'),
    autoLockSeconds: String(door?.autoLockSeconds ?? DOOR_TIMING.autoLockSeconds.default),
    heldOpenSeconds: String(door?.heldOpenSeconds ?? DOOR_TIMING.heldOpenSeconds.default),
  };
}

function deviceIdOf(text: string): number | null {
  return text === '' ? null : Number(text);
}

function readInput(form: DoorForm, name: DoorInputName, problems: Problems): DoorInput | null {
  const input = form[name];
  const deviceId = deviceIdOf(input.deviceId);
  if (deviceId === null) return null;
  const port = wholeNumber(input.port, 0, MAX_DOOR_PORT);
  if (port === null) problems.add(inputField(name, 'port'), `the input port is a number from 0 to ${MAX_DOOR_PORT}`);
  return { deviceId, port: port ?? 0, switchType: input.switchType };
}

function readSeconds(text: string, field: 'autoLockSeconds' | 'heldOpenSeconds', what: string, problems: Problems): number {
  const { min, max } = DOOR_TIMING[field];
  const value = wholeNumber(text, min, max);
  if (value === null) problems.add(field, `${what} is ${min} to ${max} seconds`);
  return value ?? min;
}

/** The door without its ID (a new door gets one from the database, an edited one keeps its own). */
export function doorFromForm(form: DoorForm): FormResult<NewRecord<Door>> {
  const problems = new Problems();
  checkName(form.name, problems);
  const entryDeviceId = deviceIdOf(form.entryDeviceId);
  if (entryDeviceId === null) problems.add('entryDeviceId', 'choose the device at the entry');
  const relayPort = wholeNumber(form.relayPort, 0, MAX_DOOR_PORT);
  if (relayPort === null) problems.add('relayPort', `the relay is a number from 0 to ${MAX_DOOR_PORT}`);
  const door = {
    name: form.name.trim(),
    entryDeviceId: entryDeviceId ?? 0,
    exitDeviceId: deviceIdOf(form.exitDeviceId),
    relayPort: relayPort ?? 0,
    sensor: readInput(form, 'sensor', problems),
    exitButton: readInput(form, 'exitButton', problems),
    autoLockSeconds: readSeconds(form.autoLockSeconds, 'autoLockSeconds', 'the unlock time', problems),
    heldOpenSeconds: readSeconds(form.heldOpenSeconds, 'heldOpenSeconds', 'the held-open time', problems),
  };
  // The domain's wiring rules, beside the form's own problems (finish stops at those).
  if (entryDeviceId !== null) for (const { path, message } of doorWiringProblems(door)) problems.add(doorFieldOf(path), message);
  return finish(newDoorSchema, door, problems, doorFieldOf);
}

/** "Entry device, input 0, normally closed" for the list (the device by its role on the door); "—" for none. */
export function doorInputSummary(input: DoorInput | null, door: Pick<Door, 'entryDeviceId' | 'exitDeviceId'>, deviceLabel: (id: number) => string): string {
  if (input === null) return '—';
  const where = input.deviceId === door.entryDeviceId ? 'Entry device' : input.deviceId === door.exitDeviceId ? 'Exit device' : deviceLabel(input.deviceId);
  return `${where}, input ${input.port}, ${input.switchType.replace('-', ' ')}`;
}
