import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { type Clock, CLOCK_ENV, fixedClock, nowDate } from '../../src/core/clock';
import { defaultTeamConfig, teamConfigSchema } from '../../src/core/config/teamConfigSchema';
import { buildDeploymentNote, buildDeploymentRecord, FreezeOverrideRequired } from '../../src/core/notes/deploymentNote';
import { ChecklistSession } from '../../src/host/checklist/checklistSession';
import type { ChecklistDraft, ChecklistDrafts } from '../../src/host/checklist/checklistDraft';
import { createTestRepo, type TestRepo } from '../helpers/createTestRepo';
import { projectRoot } from '../helpers/projectRoot';
import { ENTRIES, RANGE } from '../fixtures/notes/sampleNotes';

// The freeze-dependent flows (deployment note, deployment record, the checklist's freeze flag, the
// CLI's `note --record`) at a Friday afternoon and a Tuesday morning, from an injected clock. Before
// the clock was wired, the CLI and the host took `new Date()` and these answers followed the
// calendar of the machine running the suite.

const FRIDAY_16 = '2026-11-27T16:00:00.000Z';
const TUESDAY_10 = '2026-11-24T10:00:00.000Z';
// The default weekly window (fri 15:00 to mon 06:00) in UTC, so the machine's zone does not matter.
const CONFIG = { tickets: { projects: ['PROJ'] }, freeze: { timeZone: 'UTC' } };
const config = teamConfigSchema.parse(CONFIG);
const person = { name: 'Ana Ruiz', email: 'ana@example.com' };

function memoryDrafts(): ChecklistDrafts {
  const kept = new Map<string, ChecklistDraft>();
  return { load: (root: string, branch: string) => kept.get(`${root}::${branch}`), save: (root: string, branch: string, d: ChecklistDraft) => void kept.set(`${root}::${branch}`, d) } as unknown as ChecklistDrafts;
}

async function cli(clock: Clock | undefined, cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => void out.push(l), err: (l) => void err.push(l), ...(clock ? { clock } : {}) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('freeze-dependent flows follow the injected clock', () => {
  assert.notDeepEqual(defaultTeamConfig().freeze.weekly, [], 'the default policy has a weekly freeze');

  for (const [label, at, frozen] of [['Friday 16:00', FRIDAY_16, true], ['Tuesday 10:00', TUESDAY_10, false]] as const) {
    describe(label, () => {
      const clock = fixedClock(at);

      it(`deployment note and record: ${frozen ? 'in the freeze window, recording needs a reason' : 'no freeze, recorded at the clock time'}`, () => {
        const note = buildDeploymentNote({ range: RANGE, entries: ENTRIES, config, now: nowDate(clock) });
        assert.equal(Boolean(note.risk.freeze), frozen);
        assert.equal(note.createdAt, at);
        if (frozen) assert.throws(() => buildDeploymentRecord({ note, by: person, now: nowDate(clock) }), FreezeOverrideRequired);
        else assert.equal(buildDeploymentRecord({ note, by: person, now: nowDate(clock) }).createdAt, at);
      });

      it(`checklist: the freeze flag is ${frozen ? 'raised' : 'absent'} for production`, () => {
        const session = new ChecklistSession('/repo', 'feature/PROJ-1-x', ['PROJ-1'], config, memoryDrafts(), 'x');
        const flags = session.riskFlags(undefined, nowDate(clock)).map((f) => f.id);
        assert.equal(flags.includes('freezeWindow'), frozen, flags.join(', '));
        assert.equal(session.view(undefined, nowDate(clock), [], false, []).riskFlags.some((f) => f.id === 'freezeWindow'), frozen);
      });
    });
  }

  describe('the CLI', () => {
    let repo: TestRepo;
    beforeEach(() => {
      repo = createTestRepo();
      repo.commit('PROJ-1: Add the team policy', { '.changetrail/config.json': JSON.stringify(CONFIG) });
    });
    afterEach(() => repo.dispose());
    const deployments = () => readFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { createdAt: string });

    it('main() passes its clock to `note --record`: refused on Friday 16:00, recorded on Tuesday 10:00', async () => {
      const friday = await cli(fixedClock(FRIDAY_16), repo.path, 'note', '--env', 'production', '--record');
      assert.equal(friday.code, 1, friday.err);
      assert.match(friday.err, /freeze window.*--override-reason/);
      const tuesday = await cli(fixedClock(TUESDAY_10), repo.path, 'note', '--env', 'production', '--record');
      assert.equal(tuesday.code, 0, tuesday.err);
      assert.deepEqual(deployments().map((d) => d.createdAt), [TUESDAY_10]);
    });

    it(`the built CLI reads ${CLOCK_ENV} and says the clock is fixed`, () => {
      const run = (at: string) => spawnSync(process.execPath, [join(projectRoot(), 'dist', 'cli.js'), 'note', '--env', 'production', '--format', 'json'], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, [CLOCK_ENV]: at } });
      for (const [at, frozen] of [[FRIDAY_16, true], [TUESDAY_10, false]] as const) {
        const r = run(at);
        assert.equal(r.status, 0, r.stderr);
        const note = JSON.parse(r.stdout) as { createdAt: string; risk: { freeze?: unknown } };
        // shiftedClock runs on from the given time: the note is made in the same hour.
        assert.equal(note.createdAt.slice(0, 13), at.slice(0, 13));
        assert.equal(Boolean(note.risk.freeze), frozen);
        assert.match(r.stderr, new RegExp(`warning: the clock is fixed at ${at.replace(/\./g, '\\.')} \\(${CLOCK_ENV}\\)`));
      }
      // A command that never asks for the time (what the hooks run) says nothing about the clock.
      const quiet = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'cli.js'), 'config', 'check'], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, [CLOCK_ENV]: FRIDAY_16 } });
      assert.equal(quiet.status, 0, quiet.stderr);
      assert.equal(quiet.stderr, '');
    });
  });
});
