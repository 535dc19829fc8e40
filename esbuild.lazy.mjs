// The zod schemas, off the activation path: every module of ZOD_MODULES goes into dist/validation.js,
// and dist/extension.js gets, in each one's place, a stand-in whose exports load that chunk on first
// use (a require, so callers stay synchronous). Loading zod and building its schemas was most of
// the bundle's load time; now it happens when a schema (or anything else of those modules) is first used.
// Used by esbuild.config.mjs and bench/activation.mjs so the bench measures what ships.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/** The modules that build zod schemas when loaded (the direct importers of zod/mini on the activation path). */
export const ZOD_MODULES = [
  'src/core/config/teamConfigSchema.ts',
  'src/core/config/settingsSchema.ts',
  'src/protocol/checklistMessages.ts',
  'src/protocol/overviewMessages.ts',
  'src/host/tickets/credentialStore.ts',
  'src/host/checklist/checklistDraft.ts',
  'src/protocol/boardData.ts',
  'src/protocol/boardMessages.ts',
  // Not zod, but as heavy to load and as rarely needed at once: the JSONC reader of the team config,
  // and the strict reader of typed times (the host needs it at once only when CHANGETRAIL_NOW is set).
  'src/core/config/jsoncText.ts',
  'src/core/time/strictTime.ts',
];

/** The entry of dist/validation.js: each module as a namespace m0, m1, ... */
export const VALIDATION_ENTRY = ZOD_MODULES.map((m, i) => `export * as m${i} from ${JSON.stringify(`./${m}`)};`).join('\n');

/**
 * The CLI's counterpart (dist/cli-validation.js): only the team config's modules, which every
 * command that reads the config needs. `check` on a repository without a config never loads it.
 */
export const CLI_ZOD_MODULES = ['src/core/config/teamConfigSchema.ts', 'src/core/config/jsoncText.ts'];

/** The entry of a validation chunk over `modules` (each module as a namespace m0, m1, ...). */
export const validationEntry = (modules) => modules.map((m, i) => `export * as m${i} from ${JSON.stringify(`./${m}`)};`).join('\n');

/**
 * An esbuild plugin that puts stand-ins for `modules` (default ZOD_MODULES), loading `chunk`
 * (default ./validation.js, whose entry is validationEntry(modules)).
 */
export async function lazySchemas(chunk = './validation.js', modules = ZOD_MODULES) {
  // Each stand-in must list its module's exports up front (importers enumerate them when bundled).
  const names = await Promise.all(
    modules.map(async (m) => {
      const result = await esbuild.build({ entryPoints: [resolve(m)], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', external: ['vscode', 'zod', 'zod/*'], logLevel: 'error', outdir: 'out-lazy' });
      return Object.values(result.metafile.outputs)[0].exports;
    }),
  );
  // Its constants (a file name, a limit) it answers itself: reading one loads nothing.
  const constants = await Promise.all(
    modules.map(async (m) => {
      const exports = (await evaluateModule(m)) ?? {};
      return Object.fromEntries(Object.entries(exports).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)));
    }),
  );
  const targets = new Map(modules.map((m, i) => [resolve(m), i]));
  return {
    name: 'lazy-schemas',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'lazy-schemas' || args.kind === 'entry-point' || !args.path.startsWith('.')) return undefined;
        const path = resolve(args.resolveDir, args.path);
        const index = targets.get(path) ?? targets.get(`${path}.ts`);
        return index === undefined ? undefined : { path: String(index), namespace: 'lazy-schemas' };
      });
      build.onResolve({ filter: /^\.\/validation\.js$/ }, () => ({ path: chunk, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-schemas' }, (args) => ({
        loader: 'js',
        contents: `
const names = ${JSON.stringify(names[Number(args.path)])};
const constants = ${JSON.stringify(constants[Number(args.path)])};
let real;
const load = () => (real ??= require('./validation.js').m${args.path});
const value = (key) => (Object.hasOwn(constants, key) ? constants[key] : load()[key]);
module.exports = new Proxy({}, {
  get: (_t, key) => (key === '__esModule' ? true : names.includes(key) ? value(key) : undefined),
  has: (_t, key) => names.includes(key),
  ownKeys: () => [...names],
  getOwnPropertyDescriptor: (_t, key) => (names.includes(key) ? { enumerable: true, configurable: true, get: () => value(key) } : undefined),
});`,
      }));
    },
  };
}

/**
 * The CLI's commands, off its start-up path: dist/cli.js holds only the command table (src/cli/main.ts),
 * and each group of commands is a chunk beside it, required when one of its commands runs. `check`
 * and the hooks' slow path (what people wait on) each load only their own chunk.
 */
export const CLI_CHUNKS = [
  { entry: 'src/cli/commands/check.ts', file: 'cli-check.js', filter: /\/commands\/check$/ },
  { entry: 'src/cli/hookCommandsEntry.ts', file: 'cli-hooks.js', filter: /\/hookCommandsEntry$/ },
  // `schemas`: the chunk validates log lines with zod anyway, so the team config's schemas are
  // bundled into it (sharing its zod) rather than loaded from cli-validation.js with a zod of its own.
  { entry: 'src/cli/commandsEntry.ts', file: 'cli-commands.js', filter: /\/commandsEntry$/, schemas: true },
  // The board runs on a schedule over the biggest logs: it loads its own code, not every command's.
  { entry: 'src/cli/commands/board.ts', file: 'cli-board.js', filter: /\/commands\/board$/, schemas: true },
];

/**
 * Every file the CLI requires from beside dist/cli.js: its command chunks, its validation chunk,
 * RE2, simple-git and axios. Whatever copies the CLI (the hooks, the npm package) copies these with it.
 */
export const CLI_FILES = [...CLI_CHUNKS.map((c) => c.file), 'cli-validation.js', 're2.js', 'simple-git.js', 'axios.js'];

/** An esbuild plugin for dist/cli.js: the command modules of CLI_CHUNKS become requires of their chunks. */
export const lazyCliCommands = {
  name: 'lazy-cli-commands',
  setup(build) {
    for (const chunk of CLI_CHUNKS) build.onResolve({ filter: chunk.filter }, (args) => (args.kind === 'entry-point' ? undefined : { path: `./${chunk.file}`, external: true }));
  },
};

/**
 * The exports of `module` (a source path) evaluated here, at build time, or undefined when it cannot
 * run outside its host (it needs vscode). RE2 is not needed to evaluate any of them.
 */
async function evaluateModule(module) {
  const result = await esbuild.build({ entryPoints: [resolve(module)], bundle: true, write: false, format: 'cjs', platform: 'node', external: ['vscode', 're2-wasm'], logLevel: 'error', define: { CHANGETRAIL_VERSION: '"build"' } });
  const module_ = { exports: {} };
  try {
    new Function('module', 'exports', 'require', result.outputFiles[0].text)(module_, module_.exports, createRequire(resolve(module)));
    return module_.exports;
  } catch {
    return undefined;
  }
}

/**
 * What a repository without a team config gets (defaultTeamConfig(), computed from the zod schema
 * here at build time): the build defines it as CHANGETRAIL_TEAM_CONFIG_DEFAULTS, so `check` and the
 * hooks on such a repository never load zod (src/core/config/teamConfigDefaults.ts).
 */
export async function teamConfigDefaults() {
  const schema = await evaluateModule('src/core/config/teamConfigSchema.ts');
  if (!schema) throw new Error('src/core/config/teamConfigSchema.ts cannot be evaluated at build time');
  return schema.defaultTeamConfig();
}

/**
 * The extension's command handlers, off the activation path: src/host/commands/lazyCommands.ts
 * registers every command at once and requires commandsEntry.ts, which is dist/commands.js, on
 * the first run of any of them.
 */
export const COMMANDS_ENTRY = 'src/host/commands/commandsEntry.ts';
export const lazyCommandHandlers = {
  name: 'lazy-command-handlers',
  setup(build) {
    build.onResolve({ filter: /^\.\/commandsEntry$/ }, (args) => (args.importer.endsWith('lazyCommands.ts') ? { path: './commands.js', external: true } : undefined));
  },
};

/**
 * A package as a chunk beside the bundle (`file`), loaded with require. Marking it external would
 * keep the source's `await import('pkg')`, and Node would start its ESM loader for that one file
 * (~20 ms in the CLI, where simple-git serves the hooks' `git config`); here the import() stays in
 * the bundle and requires the chunk, with the same result and errors.
 */
export function requiredChunk(pkg, file) {
  return {
    name: `required-chunk-${pkg}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${pkg.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`) }, () => ({ path: file, namespace: 'required-chunk' }));
      build.onResolve({ filter: /.*/, namespace: 'required-chunk' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'required-chunk' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}

/**
 * The extension's chunks loaded when first needed: the ticket machinery (dist/tickets.js), hook
 * installation (dist/hooks.js), records, history, incidents, the board's data and the checklist's session. The git helper
 * (core/git/gitProcess.ts requires it once the host has grown big) comes from the history chunk.
 * Used by esbuild.config.mjs and bench/activation.mjs.
 */
export const lazyChunks = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /\/openTicketDirectory$/ }, () => ({ path: './tickets.js', external: true }));
    build.onResolve({ filter: /\/hooks\/hookActions$/ }, () => ({ path: './hooks.js', external: true }));
    build.onResolve({ filter: /\/records\/recordsEntry$/ }, () => ({ path: './records.js', external: true }));
    build.onResolve({ filter: /\/history\/historyEntry$/ }, () => ({ path: './history.js', external: true }));
    build.onResolve({ filter: /\/incidents\/incidentsEntry$/ }, () => ({ path: './incidents.js', external: true }));
    build.onResolve({ filter: /\/board\/boardEntry$/ }, () => ({ path: './board-data.js', external: true }));
    // The Impact Checklist's session and the checklist core (questions, risk flags, freeze windows): when its view first shows.
    build.onResolve({ filter: /\/checklist\/checklistSession$/ }, () => ({ path: './checklist.js', external: true }));
    build.onResolve({ filter: /^\.\/gitSpawner$/ }, (args) => (args.importer.endsWith('gitProcess.ts') ? { path: './history.js', external: true } : undefined));
  },
};

/** The esbuild options of a production build of the extension's node bundles (bench/activation, and the size test). */
export const PRODUCTION_NODE_OPTIONS = { bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error', legalComments: 'none', define: { CHANGETRAIL_VERSION: '"bench"' } };

/** As esbuild.config.mjs does: axios, simple-git and RE2 are chunks beside the bundle, required on first use. */
export const lazyPackages = {
  name: 'lazy',
  setup: (b) => {
    b.onResolve({ filter: /^axios$/ }, () => ({ path: './axios.js', external: true }));
    b.onResolve({ filter: /^simple-git$/ }, () => ({ path: './simple-git.js', external: true }));
    b.onResolve({ filter: /^re2-wasm$/ }, () => ({ path: './re2.js', external: true }));
  },
};

/**
 * dist/extension.js as a production build makes it, written to `outfile`; returns esbuild's
 * metafile (which modules the bundle holds, and their bytes). Issue 15's goal: under 100 KB.
 */
export async function buildActivationBundle(outfile) {
  const result = await esbuild.build({ ...PRODUCTION_NODE_OPTIONS, metafile: true, entryPoints: [resolve('src/extension.ts')], outfile, plugins: [lazyPackages, lazyChunks, await lazySchemas(), lazyCommandHandlers] });
  return result.metafile;
}
