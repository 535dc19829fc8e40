import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { silentLogger } from '../../../../src/core/log';
import { appendEntry, changeLogPath, readLog } from '../../../../src/core/records/changeLog';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { queryLog } from '../../../../src/core/records/changeLogQuery';
import { sharedLogFoldersFromEnv } from '../../../../src/core/records/logFile';
import { ulid } from '../../../../src/core/records/ulid';

// The log path comes from the committed team config: it must not lead a writer (a CI job running
// as root) or a reader anywhere but a regular file inside the repository or a folder the user
// allowed. And a full disk must leave no partial line.

const START = Date.UTC(2025, 0, 1);

function change(at = START): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), tickets: ['PROJ-1'], title: 'Fix login timeout',
    description: '', reason: 'r', systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

const refused = (pattern: RegExp) => (e: unknown) => e instanceof ChangeTrailError && e.code === 'LogPathRefused' && pattern.test(e.message);
const notWritten = (e: unknown) => e instanceof ChangeTrailError && e.code === 'RecordNotWritten' && /was not written/.test(e.message);

describe('change log file: where it may be and what it may be', () => {
  let dir: string;
  let repo: string;
  let outside: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-logfile-'));
    repo = join(dir, 'repo');
    outside = join(dir, 'outside');
    mkdirSync(join(repo, '.changetrail'), { recursive: true });
    mkdirSync(outside);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses ../ and absolute paths outside the repository unless the user allowed the folder', () => {
    for (const configured of ['../outside/changes.jsonl', '../../outside', join(outside, 'changes.jsonl'), '/etc/passwd', '/dev/zero', '.changetrail/../../outside/x.jsonl']) {
      assert.throws(() => changeLogPath(repo, configured), refused(/leads outside the repository.*sharedLogFolders/), configured);
    }
    assert.equal(changeLogPath(repo, '.changetrail/changes.jsonl'), join(repo, '.changetrail', 'changes.jsonl'));
    assert.equal(changeLogPath(repo, join(outside, 'changes.jsonl'), [outside]), join(outside, 'changes.jsonl'), 'an allowed shared folder');
    assert.equal(changeLogPath(repo, '../outside/team/changes.jsonl', [outside]), join(outside, 'team', 'changes.jsonl'));
    assert.throws(() => changeLogPath(repo, '/etc/passwd', [outside]), refused(/outside/));
    assert.throws(() => changeLogPath(repo, join(outside, 'x'), ['relative/not/allowed']), refused(/outside/), 'relative shared folders mean nothing');
  });

  it("refuses a path into git's own folder (.git/config was appended to: the repository broke), in any spelling", () => {
    mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
    for (const configured of ['.git/config', '.git/hooks/pre-commit', './.git/HEAD', 'logs/../.git/config', '.GIT/config', '.git./config', '.git /x.jsonl', 'GIT~1/config', 'vendor/lib/.git/config', '.git']) {
      assert.throws(() => changeLogPath(repo, configured), refused(/\(records\.log\.path\) leads into git's own folder/), configured);
    }
    symlinkSync(join(repo, '.git'), join(repo, 'logs'));
    assert.throws(() => changeLogPath(repo, 'logs/changes.jsonl'), refused(/git's own folder/), 'a folder symlinked into .git');
    for (const configured of ['.github/changes.jsonl', '.gitlog/changes.jsonl', 'docs/.git-changes.jsonl', '.changetrail/changes.jsonl']) {
      assert.equal(changeLogPath(repo, configured), join(repo, configured), configured);
    }
  });

  it('refuses a path that names no file ("", blanks, a folder), instead of writing a file called "   "', () => {
    for (const configured of ['', '   ', 'logs/', '.changetrail/ changes.jsonl ', '.', 'logs/..']) {
      assert.throws(() => changeLogPath(repo, configured), refused(/\(records\.log\.path\) does not name a file/), JSON.stringify(configured));
    }
    assert.equal(changeLogPath(repo, 'logs/changes.jsonl'), join(repo, 'logs', 'changes.jsonl'));
  });

  it('refuses a path with a NUL character as bad input naming records.log.path (Node threw a TypeError: exit 70)', () => {
    for (const configured of ['logs/x\u0000y.jsonl', '\u0000']) {
      assert.throws(() => changeLogPath(repo, configured), refused(/\(records\.log\.path\) holds a NUL character/), JSON.stringify(configured));
    }
  });

  it('refuses a folder on the way that is a symlink leading outside', () => {
    rmSync(join(repo, '.changetrail'), { recursive: true });
    symlinkSync(outside, join(repo, '.changetrail'));
    assert.throws(() => changeLogPath(repo), refused(/through a symlink/));
    assert.equal(changeLogPath(repo, undefined, [outside]), join(repo, '.changetrail', 'changes.jsonl'), 'unless it leads into an allowed folder');
    rmSync(join(repo, '.changetrail'));
    symlinkSync(join(outside, 'gone', 'deeper'), join(repo, '.changetrail'));
    assert.throws(() => changeLogPath(repo), refused(/through a symlink/), 'a dangling symlink fails closed');
  });

  it('never appends through a symlink at the log path; readers refuse it too', async () => {
    const target = join(outside, 'passwd');
    writeFileSync(target, 'root:x:0:0::/root:/bin/sh\n');
    const log = join(repo, '.changetrail', 'changes.jsonl');
    symlinkSync(target, log);
    await assert.rejects(appendEntry(log, change()), refused(/symbolic link/));
    assert.equal(readFileSync(target, 'utf8'), 'root:x:0:0::/root:/bin/sh\n', 'the target is untouched');
    await assert.rejects(readLog(log, silentLogger), refused(/symbolic link/));
    await assert.rejects(queryLog(log, {}, silentLogger), refused(/symbolic link/));
  });

  it('refuses a device, a FIFO and a folder, for reading and appending, without hanging or reading forever', async () => {
    const fifo = join(repo, '.changetrail', 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    const folder = join(repo, '.changetrail', 'folder.jsonl');
    mkdirSync(folder);
    for (const [path, what] of [['/dev/zero', /device/], [fifo, /FIFO/], [folder, /folder/]] as const) {
      await assert.rejects(readLog(path, silentLogger), refused(what), path);
      await assert.rejects(appendEntry(path, change()), refused(what), path);
    }
  });

  it('a log that cannot be opened (a file where a folder should be, no permission) is one clear error naming it, not a bare errno', async () => {
    writeFileSync(join(repo, 'logs'), 'a file, not a folder\n');
    for (const path of [join(repo, 'logs', 'changes.jsonl'), join(repo, 'logs', 'deeper', 'changes.jsonl')]) {
      await assert.rejects(appendEntry(path, change()), refused(/cannot be written: a part of the path is a file, not a folder \(ENOTDIR\)\. The record was not written/), path);
      await assert.rejects(queryLog(path, {}, silentLogger), refused(/cannot be read: a part of the path is a file, not a folder \(ENOTDIR\)\. Nothing was read/), path);
    }
    // Root may write anywhere: the permission case runs where the suite does not run as root.
    if (process.getuid?.() === 0) return;
    const log = join(repo, '.changetrail', 'changes.jsonl');
    writeFileSync(log, '');
    chmodSync(log, 0o444);
    await assert.rejects(appendEntry(log, change()), refused(/cannot be written: permission denied \(EACCES\)/));
    chmodSync(log, 0o000);
    await assert.rejects(readLog(log, silentLogger), refused(/cannot be read: permission denied \(EACCES\)/));
  });

  it('reads shared folders for the CLI from CHANGETRAIL_SHARED_LOG_FOLDERS, absolute ones only', () => {
    assert.deepEqual(sharedLogFoldersFromEnv({ CHANGETRAIL_SHARED_LOG_FOLDERS: `/mnt/share:relative: /srv/logs ` }), ['/mnt/share', '/srv/logs']);
    assert.deepEqual(sharedLogFoldersFromEnv({}), []);
  });
});

describe('change log append on a full disk', () => {
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-fulldisk-'));
    log = join(dir, 'changes.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('cuts a short write off again and says the record was not written', async () => {
    const first = change(START);
    await appendEntry(log, first);
    const before = readFileSync(log);
    // What write() does when the disk fills mid-line: some bytes land, the count says so.
    const short = async (handle: import('node:fs/promises').FileHandle, bytes: Buffer) => handle.write(bytes, 0, Math.floor(bytes.length / 2));
    await assert.rejects(appendEntry(log, change(START + 1000), { write: short }), notWritten);
    assert.deepEqual(readFileSync(log), before, 'no partial line is left');
    const next = change(START + 2000);
    await appendEntry(log, next);
    const { entries, problems } = await readLog(log, silentLogger);
    assert.deepEqual(entries.map((e) => e.id), [first.id, next.id]);
    assert.deepEqual(problems, []);
  });

  it('a write that fails outright (ENOSPC) leaves the log as it was', async () => {
    await appendEntry(log, change(START));
    const before = readFileSync(log);
    const full = async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await assert.rejects(appendEntry(log, change(START + 1000), { write: full }), (e: unknown) => notWritten(e) && /ENOSPC/.test((e as Error).message));
    assert.deepEqual(readFileSync(log), before);
  });
});
