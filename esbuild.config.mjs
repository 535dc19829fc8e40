// Build: `node esbuild.config.mjs [--production] [--watch] [--tests]`.
// Makes dist/extension.js (node, cjs, vscode external), dist/cli.js (node, shebang),
// media/webview/<view>.js (one browser bundle per src/webview/<view>/main.ts), the team config's
// JSON schema, and with --tests the mocha suites under out/.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** Prints errors in the `file:line:col: error: text` shape VS Code's $esbuild-watch matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { CHANGETRAIL_VERSION: JSON.stringify(pkg.version) },
  plugins: [problemMatcher],
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

/** In dist/ bundles axios is dist/axios.js, required on first network use, so activation never loads it. */
const lazyAxios = {
  name: 'lazy-axios',
  setup(build) {
    build.onResolve({ filter: /^axios$/ }, () => ({ path: './axios.js', external: true }));
  },
};

/** Likewise the ticket machinery (dist/tickets.js) and hook installation (dist/hooks.js), loaded when first needed. */
const lazyTickets = {
  name: 'lazy-tickets',
  setup(build) {
    build.onResolve({ filter: /\/openTicketDirectory$/ }, () => ({ path: './tickets.js', external: true }));
    build.onResolve({ filter: /\/hooks\/hookActions$/ }, () => ({ path: './hooks.js', external: true }));
    build.onResolve({ filter: /\/records\/recordsEntry$/ }, () => ({ path: './records.js', external: true }));
    build.onResolve({ filter: /\/history\/historyEntry$/ }, () => ({ path: './history.js', external: true }));
    build.onResolve({ filter: /\/incidents\/incidentsEntry$/ }, () => ({ path: './incidents.js', external: true }));
  },
};

const webviews = readdirSync('src/webview', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('src/webview', d.name, 'main.ts')))
  .map((d) => d.name);

const targets = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true, plugins: [...common.plugins, lazyAxios, lazyTickets] },
  { ...node, entryPoints: ['src/core/tickets/openTicketDirectory.ts'], outfile: 'dist/tickets.js', plugins: [...common.plugins, lazyAxios] },
  { ...node, entryPoints: ['src/core/git/hooks/hookActions.ts'], outfile: 'dist/hooks.js' },
  { ...node, entryPoints: ['src/core/records/recordsEntry.ts'], outfile: 'dist/records.js', plugins: [...common.plugins, lazyAxios] },
  { ...node, entryPoints: ['src/core/history/historyEntry.ts'], outfile: 'dist/history.js' },
  { ...node, entryPoints: ['src/core/incidents/incidentsEntry.ts'], outfile: 'dist/incidents.js', plugins: [...common.plugins, lazyAxios] },
  { ...node, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, lazyAxios] },
  { ...node, entryPoints: ['src/core/net/axiosBundle.ts'], outfile: 'dist/axios.js' },
  ...webviews.map((name) => ({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: [`src/webview/${name}/main.ts`],
    outfile: `media/webview/${name}.js`,
  })),
];

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

if (tests) {
  rmSync('out', { recursive: true, force: true });
  // Each test file is its own bundle so suites stay independent; mocha and vscode come from the host.
  targets.push({
    ...node,
    sourcemap: 'inline',
    entryPoints: [...listTests('test/unit'), ...listTests('test/integration'), ...listTests('test/helpers')],
    outdir: 'out/test',
    outbase: 'test',
    external: ['vscode', 'mocha'],
  });
}

function writeSchema() {
  // The schema comes from the zod schema through the CLI, so editors and the CLI agree.
  const schema = execFileSync(process.execPath, ['dist/cli.js', 'config', 'schema'], { encoding: 'utf8' });
  mkdirSync('dist/schemas', { recursive: true });
  writeFileSync('dist/schemas/team-config.schema.json', schema);
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.all(targets.map((t) => esbuild.build(t)));
  writeSchema();
  const meta = results[0].metafile;
  const bytes = Object.values(meta.outputs).find((o) => o.entryPoint === 'src/extension.ts')?.bytes ?? 0;
  console.log(`built ${targets.length} bundles${production ? ' (production)' : ''}; dist/extension.js ${(bytes / 1024).toFixed(1)} KB`);
}
