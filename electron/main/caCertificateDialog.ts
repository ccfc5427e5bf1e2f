import type { BrowserWindow, Dialog } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { caCertPemSchema, MAX_CA_PEM_CHARS } from '../../shared/domain/gatewaySettings';

/**
 * Settings → Device gateways in the desktop app: the system's Open dialog for a gateway's CA
 * certificate (`ca.crt` from the gateway's installation). The file is read here, in main, and its
 * text goes back to the page (a CA certificate is public); the page never gets a path to read.
 * A file that is not a PEM certificate is refused with the reason.
 */
export async function chooseCaCertificate(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  parent: () => BrowserWindow | null,
): Promise<{ fileName: string; pem: string } | null> {
  const options = {
    title: 'Choose the gateway CA certificate',
    properties: ['openFile' as const],
    filters: [
      { name: 'Certificates', extensions: ['crt', 'pem', 'cer'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const window = parent();
  const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const file = choice.filePaths[0];
  if (choice.canceled || file === undefined) return null;
  const { size } = await stat(file);
  if (size > MAX_CA_PEM_CHARS) throw new Error(`${path.basename(file)} is ${size} bytes: larger than a CA certificate file can be`);
  const pem = await readFile(file, 'utf8');
  const parsed = caCertPemSchema.safeParse(pem);
  if (!parsed.success) throw new Error(`${path.basename(file)}: ${parsed.error.issues[0]?.message ?? 'not a CA certificate'}`);
  return { fileName: path.basename(file), pem: parsed.data };
}
