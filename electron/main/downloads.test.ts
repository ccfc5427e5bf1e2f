import type { DownloadItem, Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { guardDownloads, isAppBlobUrl } from './downloads';

type WillDownload = (event: { preventDefault(): void }, item: DownloadItem) => void;

/** Just enough of a Session and a DownloadItem to fire 'will-download' the way Electron does. */
function fakeSession() {
  let listener: WillDownload | null = null;
  const session = { on: (name: string, handler: WillDownload) => name === 'will-download' && (listener = handler) } as unknown as Pick<Session, 'on'>;
  const download = (url: string, fileName: string) => {
    const result = { prevented: false, dialog: null as unknown };
    const item = { getURL: () => url, getFilename: () => fileName, setSaveDialogOptions: (options: unknown) => (result.dialog = options) } as unknown as DownloadItem;
    listener?.({ preventDefault: () => (result.prevented = true) }, item);
    return result;
  };
  return { session, download };
}

describe('downloads', () => {
  it('offers the Save dialog for the page’s own blob: files, with the page’s file name', () => {
    const fake = fakeSession();
    guardDownloads(fake.session);
    const result = fake.download('blob:app://portcullis/2a3b-44', 'portcullis-events-20240501-140307.csv');
    expect(result.prevented).toBe(false);
    expect(result.dialog).toEqual({ title: 'Save the export', defaultPath: 'portcullis-events-20240501-140307.csv', filters: [{ name: 'CSV files', extensions: ['csv'] }] });
  });

  it('cancels any other download', () => {
    const fake = fakeSession();
    guardDownloads(fake.session);
    for (const url of ['https://example.com/x.exe', 'blob:https://example.com/1', 'blob:app://portcullis.evil/1', 'file:///etc/passwd', 'data:text/plain,hi']) {
      expect(fake.download(url, 'x').prevented).toBe(true);
    }
    expect(isAppBlobUrl('blob:app://portcullis/1')).toBe(true);
  });
});
