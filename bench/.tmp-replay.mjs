import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
await esbuild.build({ entryPoints: [resolve('src/core/history/fileHistory.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: '/tmp/smoke/fh.cjs', logLevel: 'error' });
const { streamFileHistory } = createRequire(import.meta.url)('/tmp/smoke/fh.cjs');
for (let i = 0; i < 5; i++) {
  const cpu = process.cpuUsage(); const t0 = performance.now();
  const p = await streamFileHistory('/tmp', 'x', { gitPath: '/tmp/smoke/fakegit' });
  const c = process.cpuUsage(cpu);
  console.log(p.entries.length, (performance.now() - t0).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu');
}
