import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { commandManifest } from '../../src/host/commands/commandManifest';
import { projectRoot } from '../helpers/projectRoot';

// The built extension (dist/, as the .vsix ships it): activation loads dist/extension.js only;
// every command's handler is in dist/commands.js, required on the first run of a command
// (src/host/commands/lazyCommands.ts). Before, every command module was in dist/extension.js.

const dist = join(projectRoot(), 'dist');
type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve; _cache: Record<string, unknown> };

/** Requires a built file with a stand-in for 'vscode' (any property of it is itself, callable and constructible). */
function requireWithVscodeStub(file: string): { exports: Record<string, unknown>; loaded: string[] } {
  const anything: object = new Proxy({}, { get: () => stub });
  const stub: object = new Proxy(function () {}, { get: (_t, k) => (k === '__esModule' ? true : stub), apply: () => stub, construct: () => stub, getPrototypeOf: () => anything });
  const original = loader._resolveFilename;
  const before = new Set(Object.keys(loader._cache));
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
  };
  loader._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(file) as Record<string, unknown>;
    return { exports, loaded: Object.keys(loader._cache).filter((k) => !before.has(k) && k.startsWith(dist)) };
  } finally {
    loader._resolveFilename = original;
    delete loader._cache.vscode;
  }
}

describe('the extension in chunks (built dist/)', () => {
  it('dist/extension.js holds no command handler and loads none (bench/activation measures its size)', () => {
    // The test build has source maps: they name every module inside the bundle.
    const { sources } = JSON.parse(readFileSync(join(dist, 'extension.js.map'), 'utf8')) as { sources: string[] };
    const wiring = ['commandContext', 'lazyCommands', 'registerCommands'];
    const handlers = sources.filter((s) => /src\/host\/commands\//.test(s) && !wiring.some((w) => s.endsWith(`/${w}.ts`)));
    assert.deepEqual(handlers, []);
    assert.ok(sources.some((s) => s.endsWith('src/host/commands/lazyCommands.ts')));
    const { exports, loaded } = requireWithVscodeStub(join(dist, 'extension.js'));
    assert.equal(typeof exports.activate, 'function');
    assert.deepEqual(loaded.map((f) => f.slice(dist.length + 1)), ['extension.js']);
  });

  it('dist/commands.js has a handler for every contributed command, once', () => {
    const { exports } = requireWithVscodeStub(join(dist, 'commands.js'));
    const ids = (exports.commandDefinitions as { id: string }[]).map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length, 'a command id appears twice');
    assert.deepEqual([...ids].sort(), commandManifest.map((c) => c.command).sort());
  });
});
