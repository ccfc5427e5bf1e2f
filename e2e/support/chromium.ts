import { existsSync } from 'node:fs';

/**
 * Which Chromium the browser project drives. Playwright's own browser download is not
 * available on every machine (not on CI here), so a system Chromium is preferred:
 * $CHROMIUM_PATH, then Debian's /usr/bin/chromium. Elsewhere Playwright's own is used
 * (`npx playwright install chromium`).
 */
export function chromiumExecutable(): { executablePath?: string } {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate): candidate is string => Boolean(candidate) && existsSync(candidate as string));
  return found ? { executablePath: found } : {};
}
