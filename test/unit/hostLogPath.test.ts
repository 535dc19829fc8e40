import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../helpers/projectRoot';

// The checklist's "saved on this machine only / committed / pushed" and Stage the Change Log joined
// records.log.path onto the repository root: a shared folder's absolute path became
// <root>/mnt/share/..., so the state was worked out on a file that does not exist. One place in the
// host turns the config's path into the log's (RecordService.logPath, which also refuses folders the
// user did not allow); this keeps it one.

const root = projectRoot();
const hostFiles = readdirSync(join(root, 'src/host'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'src/host', f));

describe('the change log path in the editor', () => {
  it('only RecordService.logPath turns records.log.path into a file path', () => {
    assert.ok(hostFiles.length > 30, `only ${hostFiles.length} host files found`);
    const offenders = hostFiles.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /records\.log\.path/.test(line) && /\b(join|joinPath|resolve|Uri\.file)\(/.test(line))
        .map((line) => `${relative(root, file)}: ${line.trim()}`),
    ).filter((line) => !line.startsWith('src/host/records/recordService.ts'));
    assert.deepEqual(offenders, []);
  });
});
