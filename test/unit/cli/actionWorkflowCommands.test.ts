import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inertLines } from '../../../src/cli/ci/workflowCommands';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// The runner reads workflow commands from every line a step prints, on stdout and stderr: `::name::`
// once leading white space is trimmed (.NET's white space, U+0085 included), and the legacy
// `##[name]` anywhere in a line (actions/runner, ActionCommand.TryParseV2 and TryParse;
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions).
// Commit subjects, record titles and override reasons reach the Action's output; none may become a command.

const TUESDAY = '2026-12-01T10:00:00Z';
const DOTNET_SPACE = /^[\s\u0085]+/;
/** What the runner would take as a workflow command in one line of output, or undefined. */
const commandIn = (line: string): string | undefined => (line.replace(DOTNET_SPACE, '').startsWith('::') ? line : /##\[/.test(line) ? line : undefined);
const OWN = /^::(group::changetrail |endgroup::$|error title=ChangeTrail( gate)?::|notice title=ChangeTrail::)/;

describe('the GitHub Action never lets printed text become a workflow command', () => {
  it('inertLines: `::` at a line start (after any white space) and `##[` anywhere are broken; other text is kept', () => {
    const hostile = ['::set-output name=deploy::yes', '   ::add-mask::production', '\u0085::error::x', '\t::stop-commands::tok', 'ok ##[error]legacy', 'a\r::warning::b'].join('\n');
    const lines = inertLines(hostile).split('\n');
    assert.equal(lines.length, 7, 'a lone CR ends a line for the runner too');
    assert.deepEqual(lines.filter((l) => commandIn(l) !== undefined), []);
    assert.equal(inertLines('plain: text :: with colons').replace(/\u2060/g, ''), 'plain: text :: with colons');
    assert.equal(inertLines('   ::add-mask::x').replace(/\u2060/g, ''), '   ::add-mask::x', 'only an invisible joiner is added');
  });

  describe('dist/action.js over a real repository', () => {
    let repo: TestRepo;
    let work: string;
    beforeEach(() => {
      repo = createTestRepo();
      work = mkdtempSync(join(tmpdir(), 'changetrail-action-cmd-'));
      const config = {
        environments: ['staging', 'production'],
        systems: [{ name: 'Billing', paths: ['billing/**'], criticality: 'critical' }],
        freeze: { weekly: [], timeZone: 'UTC' },
        gate: { blockOnRiskFlags: ['criticalSystem'], rules: { riskFlags: 'warn', records: 'warn' } },
      };
      repo.commit('config', { '.changetrail/config.json': JSON.stringify(config) });
      repo.commit('Billing: ##[error]legacy command in a subject ``` <img src=x onerror=alert(1)>', { 'billing/a.ts': 'x' });
      const recorded = spawnSync(
        process.execPath,
        [join(projectRoot(), 'dist', 'cli.js'), 'record', '--env', 'staging', '--system', 'Billing', '--why', 'vendor', '--rollback', 'flip back', '--title', 'Flip flag\n::set-output name=deploy::yes\n  ::add-mask::production\n```\n<script>x</script>'],
        { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: '2026-12-01T09:00:00Z' } },
      );
      assert.equal(recorded.status, 0, recorded.stderr);
    });
    afterEach(() => {
      repo.dispose();
      rmSync(work, { recursive: true, force: true });
    });

    it('the gate, the note and the group titles: no line of stdout or stderr is a command but the Action\'s own; the summary keeps the text inside its block', () => {
      writeFileSync(join(work, 'event.json'), '{}');
      writeFileSync(join(work, 'summary.md'), '');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: '1', CHANGETRAIL_NOW: TUESDAY, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo.path,
        GITHUB_EVENT_PATH: join(work, 'event.json'), GITHUB_STEP_SUMMARY: join(work, 'summary.md'), GITHUB_EVENT_NAME: 'workflow_dispatch',
        INPUT_CHECK: 'false', INPUT_GATE: 'staging', INPUT_NOTE: 'staging', INPUT_BY: 'Ana\n::error::from an input <a@b.c>',
      };
      const r = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'action.js')], { cwd: work, env, encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      const printed = `${r.stdout}\n${r.stderr}`.split(/\r\n|\r|\n/);
      assert.ok(printed.some((l) => l.includes('Flip flag')), 'the record is in the gate output');
      assert.ok(printed.some((l) => l.includes('legacy command in a subject')), 'the subject is in the gate output');
      assert.deepEqual(printed.filter((l) => commandIn(l) !== undefined && !OWN.test(l)), [], 'no workflow command came from printed text');
      const summary = readFileSync(join(work, 'summary.md'), 'utf8');
      const [heading] = summary.split('\n');
      assert.equal(heading, '### ChangeTrail gate for staging (HEAD): GO', 'the heading is the decision alone');
      const gate = summary.slice(0, summary.indexOf('## Deployment to staging'));
      const fence = /\n(`{3,})text\n/.exec(gate)?.[1] ?? '';
      assert.ok(fence.length > 3, 'a fence longer than the backticks inside');
      const body = gate.slice(gate.indexOf(`${fence}text\n`) + fence.length + 5);
      assert.equal(body.split('\n').filter((l) => l.startsWith(fence)).length, 1, 'only the closing fence closes the block');
      assert.match(body, /<script>x<\/script>/, 'the text itself is kept, inside the block');
    });
  });
});
