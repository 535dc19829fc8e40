import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../helpers/projectRoot';

const root = projectRoot();

// Reading the whole change log (parse + validate every line) costs seconds and gigabytes on a big
// log; the editor and the CLI's note and digest ask the index instead (src/core/records/index/).
const WHOLE_LOG_READS = [/\breadLog\b/, /\bqueryLog\b/, /\bdigestFromLog\b/, /\.entries\(\s*root\b/, /records\.entries\(/];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, dir, f));
}

const offenders = (files: readonly string[]) =>
  files.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return WHOLE_LOG_READS.filter((re) => re.test(text)).map((re) => `${relative(root, f)} uses ${re.source}`);
  });

describe('no editor path or note/digest command reads the whole change log', () => {
  it('src/host and src/extension.ts read the log only through the index', () => {
    const files = [...sources('src/host'), join(root, 'src/extension.ts')];
    assert.ok(files.length > 20);
    assert.deepEqual(offenders(files), []);
  });

  it('the CLI note and digest commands read the log only through the index', () => {
    assert.deepEqual(offenders(['note.ts', 'digest.ts'].map((f) => join(root, 'src/cli/commands', f))), []);
  });

  it('the CLI gate, export and metrics commands, and what they read through, ask the index only', () => {
    const files = [
      ...['gate.ts', 'export.ts', 'metrics.ts'].map((f) => join(root, 'src/cli/commands', f)),
      join(root, 'src/cli/logIndexes.ts'),
      join(root, 'src/cli/logSourceFiles.ts'),
      join(root, 'src/core/gate/gateFacts.ts'),
      join(root, 'src/core/export/exportEntries.ts'),
      join(root, 'src/core/metrics/metricsFromIndex.ts'),
      join(root, 'src/core/records/everyLog.ts'),
    ];
    assert.deepEqual(offenders(files), []);
    // And they do ask it: a command that read nothing would pass the check above too.
    for (const f of ['gate.ts', 'export.ts', 'metrics.ts']) assert.match(readFileSync(join(root, 'src/cli/commands', f), 'utf8'), /\bopenChangeLogIndex\b|\bopenLogIndexes\b/, f);
  });

  it('RecordService hands out no whole log', () => {
    const service = readFileSync(join(root, 'src/host/records/recordService.ts'), 'utf8');
    assert.doesNotMatch(service, /\basync entries\(/);
    assert.match(service, /\basync index\(/);
  });

  it('the check itself catches a whole-log read', () => {
    const text = "const { entries } = await lib.readLog(path, logger);\nconst all = await records.entries(root, config);";
    assert.equal(WHOLE_LOG_READS.filter((re) => re.test(text)).length, 3);
  });
});
