import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
await esbuild.build({ entryPoints: [resolve('src/core/history/fileHistory.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: '/tmp/smoke/fh.cjs', logLevel: 'error' });
const { streamFileHistory } = createRequire(import.meta.url)('/tmp/smoke/fh.cjs');
const repo = resolve('.vscode-test/bench-repo-80k');
const F='--format=%x1e%H%x1f%P%x1f%aI%x1f%aN%x1f%aE%x1f%B';
const file = 'src/hot/session.ts';
let chunks = 0;
const g = () => new Promise((r) => { const t0 = performance.now(); const c = spawn('git', ['-c','core.quotePath=false','--literal-pathspecs','log','--follow','--no-color','--diff-merges=first-parent','--name-status','-z',F,'HEAD','--',file], { cwd: repo, stdio: ['ignore','pipe','ignore'], env: {...process.env, GIT_FLUSH: '1'} }); c.stdout.on('data', () => {chunks++}); c.on('close', () => r(performance.now() - t0)); });
const o = async () => { const t0 = performance.now(); await streamFileHistory(repo, file); return performance.now() - t0; };
for (let i = 0; i < 3; i++) {
  let cpu = process.cpuUsage(); chunks = 0; const gt = await g(); const gc = process.cpuUsage(cpu);
  cpu = process.cpuUsage(); const ot = await o(); const oc = process.cpuUsage(cpu);
  console.log(`git ${gt.toFixed(0)} ms node cpu ${((gc.user+gc.system)/1000).toFixed(0)} ms chunks ${chunks} | ours ${ot.toFixed(0)} ms node cpu ${((oc.user+oc.system)/1000).toFixed(0)} ms`);
}
