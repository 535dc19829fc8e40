// `npm run bench`: every benchmark in this folder, each printing its figures beside the floor.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv[2];
for (const file of readdirSync('bench').filter((f) => f.endsWith('.mjs') && f !== 'runAll.mjs' && !f.startsWith('make') && (!only || f.includes(only))).sort()) {
  execFileSync(process.execPath, [`bench/${file}`], { stdio: 'inherit' });
}
