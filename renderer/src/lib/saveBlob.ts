/*
 * Hands a file the page made (an export) to the operator, the same way in both shells: an
 * <a download> on an object URL. In a browser (the dev/test host) that is the browser's download;
 * in Electron the main process receives it as a download of the app's own blob: URL and asks
 * where to save it with the system's Save dialog (electron/main/downloads.ts), refusing any other
 * download.
 */

/** How long an object URL stays valid: Electron's Save dialog reads it only once the operator chose a file. */
const KEEP_URL_MS = 10 * 60_000;
let previous: { url: string; timer: ReturnType<typeof setTimeout> } | null = null;

export function saveBlob(blob: Blob, fileName: string): void {
  // One export's blob at a time: the next export frees the last one.
  if (previous !== null) {
    clearTimeout(previous.timer);
    URL.revokeObjectURL(previous.url);
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  const current = { url, timer: setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS) };
  previous = current;
}
