// `npm run icons`: (re)writes every icon file in build/ from the drawing in drawIcon.ts. The
// files are committed, so packaging never depends on this script; icons.test.ts fails when
// they no longer match the drawing.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICON_FILES, renderIconFile } from './iconSet';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

for (const file of ICON_FILES) {
  const target = path.join(repoRoot, file.path);
  await mkdir(path.dirname(target), { recursive: true });
  const bytes = renderIconFile(file);
  await writeFile(target, bytes);
  console.log(`${file.path}: ${file.sizes.join(', ')} px, ${bytes.length} bytes`);
}
