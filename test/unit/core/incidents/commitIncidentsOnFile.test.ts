import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incidentsForCommits } from '../../../../src/core/incidents/commitIncidents';
import { openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { silentLogger } from '../../../../src/core/log';
import { deploymentRecord, incidentRecord } from '../../../helpers/memoryLogIndex';

describe('incidents a commit went out with, over the change log file (the real index)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-commit-incidents-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the incident of a deployment recorded without change records, after open and resolve', async () => {
    const sha = 'e'.repeat(40);
    const deploy = deploymentRecord({ createdAt: '2026-11-30T05:30:00.000Z', commit: sha, records: [] });
    const opened = incidentRecord({ createdAt: '2026-11-30T06:00:00.000Z' });
    const resolved = incidentRecord({ createdAt: '2026-11-30T06:30:00.000Z', incidentId: opened.incidentId, supersedes: opened.id, status: 'resolved', cause: { kind: 'deployment', deployment: deploy.id } });
    const path = join(dir, 'changes.jsonl');
    writeFileSync(path, [deploy, opened, resolved].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const found = await incidentsForCommits(openChangeLogIndex(path, { logger: silentLogger }), [sha]);
    assert.deepEqual(found.map((f) => [f.incident.incidentId, f.deployment]), [[opened.incidentId, deploy.id]]);
  });
});
