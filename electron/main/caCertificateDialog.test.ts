import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Dialog, OpenDialogReturnValue } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseCaCertificate } from './caCertificateDialog';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ca-dialog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The Open dialog, answering as if the operator picked `file` (or cancelled). */
function dialogPicking(file: string | null): Pick<Dialog, 'showOpenDialog'> {
  const answer: OpenDialogReturnValue = file === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [file] };
  const showOpenDialog = async () => answer;
  return { showOpenDialog } as Pick<Dialog, 'showOpenDialog'>;
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('chooseCaCertificate', () => {
  it('hands back the chosen file’s name and text, and null when cancelled', async () => {
    const file = path.join(dir, 'ca.crt');
    await writeFile(file, PEM);
    expect(await chooseCaCertificate(dialogPicking(file), () => null)).toEqual({ fileName: 'ca.crt', pem: PEM });
    expect(await chooseCaCertificate(dialogPicking(null), () => null)).toBeNull();
  });

  it('refuses a file that is not a PEM certificate, or too large to be one', async () => {
    const photo = path.join(dir, 'photo.jpg');
    await writeFile(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    await expect(chooseCaCertificate(dialogPicking(photo), () => null)).rejects.toThrow(/photo\.jpg: not a PEM certificate/);
    const huge = path.join(dir, 'huge.pem');
    await writeFile(huge, PEM.repeat(2_000));
    await expect(chooseCaCertificate(dialogPicking(huge), () => null)).rejects.toThrow(/larger than a CA certificate file can be/);
  });
});
