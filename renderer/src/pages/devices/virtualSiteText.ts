import { USER_LIMITS, utf8Length } from '../../../../shared/limits';
import { deviceText } from '../../../../shared/deviceText';
import type { CredentialKind, DeviceActionResult, VirtualDevice } from '../../../../shared/ipc/contract';
import type { FieldErrors } from '../../components/FieldError';

/*
 * The words of the Virtual site panel: what the operator did at a virtual device and what the
 * device logged, and the checks a form makes before asking. The device judges the rest (a
 * numeric ID, a user already there) and its refusal is shown as it comes.
 */

export type AtDeviceAction = 'enroll' | 'edit' | 'delete' | 'network';

type Done = Extract<DeviceActionResult, { outcome: 'done' }>;

export const credentialLabels: Readonly<Record<CredentialKind, string>> = { card: 'card', fingerprint: 'fingerprint', face: 'face' };

/** "a card (3F2A19C0) and a fingerprint"; '' for none. */
export function credentialsText(kinds: readonly CredentialKind[], cardNumber: string | null): string {
  const parts = kinds.map((kind) => (kind === 'card' && cardNumber !== null ? `a card (${cardNumber})` : `a ${credentialLabels[kind]}`));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "; the device logged User enrollment succeeded (Device)" or "; the device logged nothing". */
function loggedText(result: Done): string {
  if (result.logged.length === 0) return '; the device logged nothing';
  return `; the device logged ${result.logged.map((event) => event.words).join(', then ')}`;
}

/** What happened, in one sentence the operator reads after an action that was done. */
export function actionDoneText(action: AtDeviceAction, result: Done, nameChanged = false): string {
  const device = deviceText(result.deviceName, 200);
  const user = result.userId === null ? '' : deviceText(result.userId, 32);
  switch (action) {
    case 'enroll': {
      const credentials = credentialsText(result.added, result.cardNumber);
      return `Enrolled user ${user} at ${device}${credentials === '' ? '' : ` with ${credentials}`}${loggedText(result)}.`;
    }
    case 'edit': {
      const changes = [...(nameChanged ? ['a new name'] : []), ...(result.added.length > 0 ? [`${credentialsText(result.added, result.cardNumber)} added`] : [])];
      return `Edited user ${user} at ${device}: ${changes.join('; ')}${loggedText(result)}.`;
    }
    case 'delete':
      return `Deleted user ${user} at ${device}${loggedText(result)}.`;
    case 'network':
      if (result.logged.length === 0) return `The network cable of ${device} was already ${result.online ? 'plugged in' : 'pulled'}.`;
      return result.online ? `Plugged the network cable of ${device} back in${loggedText(result)}.` : `Pulled the network cable of ${device}${loggedText(result)}.`;
  }
}

/** The title over the device's own refusal. */
export function refusalTitle(result: Extract<DeviceActionResult, { outcome: 'refused' }>): string {
  return `${deviceText(result.deviceName, 200)} refused`;
}

/** "Cable plugged in · 6 of 100,000 users · stores cards and fingerprints". */
export function virtualDeviceSummary(device: VirtualDevice): string {
  const stores = device.credentials.map((kind) => `${credentialLabels[kind]}s`);
  const storesText = stores.length <= 1 ? stores.join('') : `${stores.slice(0, -1).join(', ')} and ${stores[stores.length - 1]}`;
  const users = `${device.userCount.toLocaleString('en-US')} of ${device.capacity.toLocaleString('en-US')} users`;
  return `Cable ${device.online ? 'plugged in' : 'pulled'} · ${users} · stores ${storesText}`;
}

/** How the device reads user IDs, as a hint under the field (the device checks it, not the form). */
export function userIdHint(policy: VirtualDevice['userIdPolicy']): string {
  return policy === 'numeric' ? 'This device takes numbers from 1 to 4294967294.' : 'This device takes letters, digits, “_” and “-”.';
}

/** What a form checks before asking the device: an ID is given and fits, a name fits. */
export function userFieldProblems(fields: { userId: string; name?: string }): FieldErrors {
  const errors: Record<string, string[]> = {};
  const id = fields.userId.trim();
  if (id === '') errors.userId = ['Enter the user ID.'];
  else if (utf8Length(id) > USER_LIMITS.idMaxBytes) errors.userId = [`A user ID is at most ${USER_LIMITS.idMaxBytes} bytes.`];
  if (fields.name !== undefined && [...fields.name].length > USER_LIMITS.nameMaxChars) errors.name = [`A name is at most ${USER_LIMITS.nameMaxChars} characters.`];
  return errors;
}

export function hasProblems(errors: FieldErrors): boolean {
  return Object.values(errors).some((messages) => messages !== undefined && messages.length > 0);
}
