// Build: `node esbuild.config.mjs [--production] [--watch] [--tests]`.
// Makes dist/extension.js (node, cjs, vscode external), dist/cli.js (node, shebang),
// media/webview/<view>.js (one browser bundle per src/webview/<view>/main.ts), the team config's
// JSON schema, and with --tests the mocha suites under out/.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { VALIDATION_ENTRY, lazySchemas } from './esbuild.lazy.mjs';
import { CLI_CHUNKS, CLI_FILES, CLI_ZOD_MODULES, COMMANDS_ENTRY, lazyChunks, lazyCliCommands, lazyCommandHandlers, requiredChunk, teamConfigDefaults, validationEntry } from './esbuild.lazy.mjs';

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
  define: { CHANGETRAIL_VERSION: JSON.stringify(pkg.version), CHANGETRAIL_CLI_FILES: JSON.stringify(CLI_FILES.join(' ')) },
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

/** RE2 (team patterns in linear time) is dist/re2.js, required on first pattern use. */
const lazyRe2 = {
  name: 'lazy-re2',
  setup(build) {
    build.onResolve({ filter: /^re2-wasm$/ }, () => ({ path: './re2.js', external: true }));
  },
};

/**
 * RE2's wasm goes inside the bundle (evaluated only when first required), so dist/re2.js (which the
 * hooks copy with the CLI) and dist/action.js need no file next to them.
 */
const inlineRe2Wasm = {
  name: 'inline-re2-wasm',
  setup(build) {
    build.onLoad({ filter: /re2-wasm[\\/]build[\\/]wasm[\\/]re2\.js$/ }, (args) => {
      const wasm = readFileSync(join(args.path, '..', 're2.wasm')).toString('base64');
      const source = readFileSync(args.path, 'utf8');
      const declaration = "var Module = typeof Module !== 'undefined' ? Module : {};";
      if (!source.includes(declaration)) throw new Error('re2-wasm changed: cannot inline its wasm');
      return { contents: source.replace(declaration, `var Module = { wasmBinary: Buffer.from(${JSON.stringify(wasm)}, 'base64') };`), loader: 'js' };
    });
  },
};

const webviews = readdirSync('src/webview', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('src/webview', d.name, 'main.ts')))
  .map((d) => d.name);

const targets = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true, plugins: [...common.plugins, lazyAxios, lazyChunks, await lazySchemas(), lazyCommandHandlers] },
  // The command handlers (esbuild.lazy.mjs lazyCommandHandlers), required on the first command run.
  { ...node, entryPoints: [COMMANDS_ENTRY], outfile: 'dist/commands.js', plugins: [...common.plugins, lazyAxios, lazyChunks, await lazySchemas()] },
  { ...node, stdin: { contents: VALIDATION_ENTRY, resolveDir: '.', loader: 'ts' }, outfile: 'dist/validation.js' },
  { ...node, entryPoints: ['src/core/tickets/openTicketDirectory.ts'], outfile: 'dist/tickets.js', plugins: [...common.plugins, lazyAxios] },
  { ...node, entryPoints: ['src/core/git/hooks/hookActions.ts'], outfile: 'dist/hooks.js' },
  { ...node, entryPoints: ['src/core/records/recordsEntry.ts'], outfile: 'dist/records.js', plugins: [...common.plugins, lazyAxios] },
  { ...node, entryPoints: ['src/core/history/historyEntry.ts'], outfile: 'dist/history.js' },
  { ...node, entryPoints: ['src/core/incidents/incidentsEntry.ts'], outfile: 'dist/incidents.js', plugins: [...common.plugins, lazyAxios] },
  { ...node, entryPoints: ['src/core/board/boardEntry.ts'], outfile: 'dist/board-data.js' },
  { ...node, entryPoints: ['src/host/checklist/checklistSession.ts'], outfile: 'dist/checklist.js', plugins: [...common.plugins, await lazySchemas()] },
  { ...node, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, lazyAxios, lazyCliCommands] },
  { ...node, entryPoints: ['src/core/net/axiosBundle.ts'], outfile: 'dist/axios.js' },
  // The static change board's page: bundled like a webview, shipped beside the CLI in dist/board/.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['src/board/main.ts'],
    outfile: 'dist/board/board.js',
  },
  // The CLI's own npm package (packages/cli, `npm run pack:cli`): the same bundle, no dependencies.
  { ...node, entryPoints: ['src/cli/index.ts'], outfile: 'packages/cli/dist/cli.js', sourcemap: false, banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, lazyAxios, lazyCliCommands] },
  { ...node, entryPoints: ['src/core/net/axiosBundle.ts'], outfile: 'packages/cli/dist/axios.js', sourcemap: false },
  // The GitHub Action (action.yml, runs.using node20): one self-contained file.
  { ...node, entryPoints: ['src/cli/ci/githubActionEntry.ts'], outfile: 'dist/action.js', sourcemap: false },
  ...webviews.map((name) => ({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: [`src/webview/${name}/main.ts`],
    outfile: `media/webview/${name}.js`,
  })),
];

// The CLI's chunks (esbuild.lazy.mjs CLI_FILES), in dist/ and in its npm package: its command
// groups and the team config's zod schemas (dist/cli-validation.js, loaded when a config is read).
const cliSchemas = await lazySchemas('./cli-validation.js', CLI_ZOD_MODULES);
const CLI_OUTFILES = [];
for (const [dir, extra] of [['dist', {}], ['packages/cli/dist', { sourcemap: false }]]) {
  for (const chunk of CLI_CHUNKS) targets.push({ ...node, ...extra, entryPoints: [chunk.entry], outfile: `${dir}/${chunk.file}`, plugins: [...common.plugins, requiredChunk('axios', './axios.js'), ...(chunk.schemas ? [] : [cliSchemas])] });
  targets.push({ ...node, ...extra, stdin: { contents: validationEntry(CLI_ZOD_MODULES), resolveDir: '.', loader: 'ts' }, outfile: `${dir}/cli-validation.js` });
  CLI_OUTFILES.push(`${dir}/cli.js`, ...CLI_CHUNKS.map((c) => `${dir}/${c.file}`), `${dir}/cli-validation.js`);
}
targets.push({ ...node, entryPoints: ['src/core/git/simpleGitBundle.ts'], outfile: 'packages/cli/dist/simple-git.js', sourcemap: false });
// The CLI answers a repository without a team config with defaults computed here, loading no zod
// (the extension loads zod for its settings anyway, and stays smaller without them). Both defines
// are strings: an object or array define makes esbuild add an initialiser call to every module.
const cliDefine = { ...common.define, CHANGETRAIL_TEAM_CONFIG_DEFAULTS: JSON.stringify(JSON.stringify(await teamConfigDefaults())) };
for (const t of targets) if (CLI_OUTFILES.includes(t.outfile)) t.define = cliDefine;

/** simple-git is dist/simple-git.js for the extension's bundles, loaded on the first plain git call. */
const lazySimpleGit = {
  name: 'lazy-simple-git',
  setup(build) {
    build.onResolve({ filter: /^simple-git$/ }, () => ({ path: './simple-git.js', external: true }));
  },
};
// The CLI's files load simple-git from beside them too (the hooks copy CLI_FILES with cli.js).
for (const t of targets) if (['dist/extension.js', 'dist/commands.js', 'dist/tickets.js', 'dist/hooks.js', 'dist/records.js', 'dist/history.js'].includes(t.outfile)) t.plugins = [...(t.plugins ?? []), lazySimpleGit];
for (const t of targets) if (CLI_OUTFILES.includes(t.outfile)) t.plugins = [...(t.plugins ?? []), requiredChunk('simple-git', './simple-git.js')];
targets.push({ ...node, entryPoints: ['src/core/git/simpleGitBundle.ts'], outfile: 'dist/simple-git.js' });

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
    define: cliDefine,
  });
}

// The extension, the CLI and their chunks reach RE2 through dist/re2.js (the CLI's npm package has
// its own copy); the test bundles under out/ require the package itself.
targets.push({ ...node, entryPoints: ['node_modules/re2-wasm/build/src/re2.js'], outfile: 'dist/re2.js', plugins: [...common.plugins, inlineRe2Wasm] });
targets.push({ ...node, entryPoints: ['node_modules/re2-wasm/build/src/re2.js'], outfile: 'packages/cli/dist/re2.js', sourcemap: false, plugins: [...common.plugins, inlineRe2Wasm] });
for (const target of targets) {
  if (target.platform !== 'node' || target.outfile?.endsWith('/re2.js')) continue;
  if (target.outdir === 'out/test') target.external = [...target.external, 're2-wasm'];
  // The one file that must stand alone, the GitHub Action, carries RE2 inside.
  else if (target.outfile === 'dist/action.js') target.plugins = [...(target.plugins ?? []), inlineRe2Wasm];
  else target.plugins = [...(target.plugins ?? []), lazyRe2];
}

/** The board's stylesheets go beside its script: ours, and uPlot's own. */
function copyBoardAssets() {
  mkdirSync('dist/board', { recursive: true });
  copyFileSync('media/board.css', 'dist/board/board.css');
  copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/board/uPlot.min.css');
  // The CLI package carries the board's page too: `changetrail board` copies it from beside itself.
  mkdirSync('packages/cli/dist/board', { recursive: true });
  for (const file of ['board.js', 'board.css', 'uPlot.min.css']) copyFileSync(join('dist/board', file), join('packages/cli/dist/board', file));
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
  copyBoardAssets();
  const meta = results[0].metafile;
  const bytes = Object.values(meta.outputs).find((o) => o.entryPoint === 'src/extension.ts')?.bytes ?? 0;
  console.log(`built ${targets.length} bundles${production ? ' (production)' : ''}; dist/extension.js ${(bytes / 1024).toFixed(1)} KB`);
}
