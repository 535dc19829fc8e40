// The zod schemas, off the activation path: every module of ZOD_MODULES goes into dist/validation.js,
// and dist/extension.js gets, in each one's place, a stand-in whose exports load that chunk on first
// use (a require, so callers stay synchronous). Loading zod and building its schemas was most of
// the bundle's load time; now it happens when a schema (or anything else of those modules) is first used.
// Used by esbuild.config.mjs and bench/activation.mjs so the bench measures what ships.
import * as esbuild from 'esbuild';
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
  // Not zod, but as heavy to load and as rarely needed at once: the JSONC reader of the team config.
  'src/core/config/jsoncText.ts',
];

/** The entry of dist/validation.js: each module as a namespace m0, m1, ... */
export const VALIDATION_ENTRY = ZOD_MODULES.map((m, i) => `export * as m${i} from ${JSON.stringify(`./${m}`)};`).join('\n');

/** An esbuild plugin for the extension bundle that puts stand-ins for ZOD_MODULES, loading `chunk` (default ./validation.js). */
export async function lazySchemas(chunk = './validation.js') {
  // Each stand-in must list its module's exports up front (importers enumerate them when bundled).
  const names = await Promise.all(
    ZOD_MODULES.map(async (m) => {
      const result = await esbuild.build({ entryPoints: [resolve(m)], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', external: ['vscode', 'zod', 'zod/*'], logLevel: 'error', outdir: 'out-lazy' });
      return Object.values(result.metafile.outputs)[0].exports;
    }),
  );
  const targets = new Map(ZOD_MODULES.map((m, i) => [resolve(m), i]));
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
let real;
const load = () => (real ??= require('./validation.js').m${args.path});
module.exports = new Proxy({}, {
  get: (_t, key) => (key === '__esModule' ? true : names.includes(key) ? load()[key] : undefined),
  has: (_t, key) => names.includes(key),
  ownKeys: () => [...names],
  getOwnPropertyDescriptor: (_t, key) => (names.includes(key) ? { enumerable: true, configurable: true, get: () => load()[key] } : undefined),
});`,
      }));
    },
  };
}
