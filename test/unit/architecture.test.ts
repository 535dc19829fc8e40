import * as assert from 'node:assert/strict';
import { projectRoot } from '../helpers/projectRoot';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = projectRoot();

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, dir, f));
}

const importsVscode = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

describe('architecture', () => {
  for (const dir of ['src/core', 'src/protocol', 'src/webview']) {
    it(`${dir} never imports 'vscode'`, () => {
      const files = sourceFiles(dir);
      assert.ok(files.length > 0, `no sources found under ${dir}`);
      const offenders = files.filter((f) => importsVscode.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
      assert.deepEqual(offenders, [], `these files import vscode: ${offenders.join(', ')}`);
    });
  }

  it('src/webview imports nothing from host or core', () => {
    const offenders = sourceFiles('src/webview').filter((f) => /from\s+['"][./]+\/(host|core)\//.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(root, f)), []);
  });

  it('src/core never imports from host, cli or extension', () => {
    const offenders = sourceFiles('src/core').filter((f) => /from\s+['"](\.\.\/)+(host|cli|extension)/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(root, f)), []);
  });

  it('no default exports anywhere in src', () => {
    const offenders = sourceFiles('src').filter((f) => /^export default /m.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(root, f)), []);
  });

  it('the check itself catches an import of vscode', () => {
    assert.ok(importsVscode.test("import * as vscode from 'vscode';"));
    assert.ok(importsVscode.test("const v = require('vscode')"));
    assert.ok(!importsVscode.test("import type { X } from './vscodeish';"));
  });
});
