import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of ChangeTrail's package.json, found from wherever the compiled test runs. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'changetrail') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json of changetrail not found above ${from}`);
    dir = parent;
  }
}
