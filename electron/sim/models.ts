import { DeviceType } from '../gsdk/messages';

/** What a simulated model is and can store; the catalog the demo site and the control API use. */
export interface DeviceModel {
  name: string;
  type: number;
  defaultCapacity: number;
  cards: boolean;
  fingerprints: boolean;
  faces: boolean;
  firmwareVersion: string;
  kernelVersion: string;
  bscoreVersion: string;
  boardVersion: string;
}

/** Capacities are plausible round figures, not datasheet values. */
export const DEVICE_MODELS = {
  'BioStation 2': {
    name: 'BioStation 2',
    type: DeviceType.BIOSTATION_2,
    defaultCapacity: 100_000,
    cards: true,
    fingerprints: true,
    faces: false,
    firmwareVersion: '1.10.3',
    kernelVersion: '3.10.0',
    bscoreVersion: '1.7.2',
    boardVersion: '1.0.0',
  },
  'BioEntry W2': {
    name: 'BioEntry W2',
    type: DeviceType.BIOENTRY_W2,
    defaultCapacity: 50_000,
    cards: true,
    fingerprints: true,
    faces: false,
    firmwareVersion: '1.8.1',
    kernelVersion: '3.4.0',
    bscoreVersion: '1.6.9',
    boardVersion: '1.2.0',
  },
  'FaceStation F2': {
    name: 'FaceStation F2',
    type: DeviceType.FACESTATION_F2,
    defaultCapacity: 50_000,
    cards: true,
    fingerprints: false,
    faces: true,
    firmwareVersion: '2.1.4',
    kernelVersion: '4.9.11',
    bscoreVersion: '2.0.6',
    boardVersion: '1.1.0',
  },
  'BioStation 3': {
    name: 'BioStation 3',
    type: DeviceType.BIOSTATION_3,
    defaultCapacity: 100_000,
    cards: true,
    fingerprints: false,
    faces: true,
    firmwareVersion: '1.3.0',
    kernelVersion: '5.4.24',
    bscoreVersion: '1.3.0',
    boardVersion: '1.0.0',
  },
  'XPass 2': {
    name: 'XPass 2',
    type: DeviceType.XPASS2,
    defaultCapacity: 50_000,
    cards: true,
    fingerprints: false,
    faces: false,
    firmwareVersion: '1.2.6',
    kernelVersion: '3.4.0',
    bscoreVersion: '1.2.6',
    boardVersion: '1.0.0',
  },
} as const satisfies Record<string, DeviceModel>;

export type ModelName = keyof typeof DEVICE_MODELS;
export const MODEL_NAMES = Object.keys(DEVICE_MODELS) as ModelName[];
export const DEFAULT_MODEL: ModelName = 'BioStation 2';

export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(DEVICE_MODELS, name);
}
