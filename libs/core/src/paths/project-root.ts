import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'regen-academy'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No regen-academy package.json above ${start}`);
    }
    dir = parent;
  }
}

/** The repository root, whether the code runs from source (tests) or from `dist/` (npm start). */
export const PROJECT_ROOT = findProjectRoot(__dirname);
