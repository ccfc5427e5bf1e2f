import type { DownloadItem, Session } from 'electron';
import { APP_ORIGIN } from './ipc/trustedSender';

/** The page's own files (an event log export: renderer/src/lib/saveBlob.ts) are blob: URLs of the app's origin. */
export function isAppBlobUrl(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

/**
 * Downloads in the desktop app: the only ones the console makes are files the operator's page
 * built itself (an export), as blob: URLs of app://portcullis. Those get the system's Save
 * dialog, suggesting the page's file name; any other download (a link a device string smuggled
 * in, say) is cancelled.
 */
export function guardDownloads(session: Pick<Session, 'on'>): void {
  session.on('will-download', (event, item: DownloadItem) => {
    if (!isAppBlobUrl(item.getURL())) {
      event.preventDefault();
      return;
    }
    const fileName = item.getFilename();
    item.setSaveDialogOptions({
      title: 'Save the export',
      defaultPath: fileName,
      filters: fileName.endsWith('.csv') ? [{ name: 'CSV files', extensions: ['csv'] }] : [],
    });
  });
}
