// Where the real outside data lives: ../shared/data beside the repository (CI always has it; a
// fresh clone may not, and tests that need it then skip with the reason).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED_DATA = join(import.meta.dirname, '../../../shared/data');

/** For `test(name, { skip: skipWithout(path) }, …)`: false when present, else the one-line reason. */
export function skipWithout(path: string): false | string {
  return existsSync(path) ? false : `${path} is absent (it comes with ../shared/data beside the repository)`;
}
