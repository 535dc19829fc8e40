import * as assert from 'node:assert/strict';
import { commitIncidentText, incidentsBySha, incidentsForCommits } from '../../../../src/core/incidents/commitIncidents';
import { changeRecord, deploymentRecord, incidentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

describe('incidents a commit went out with', () => {
  const sha = (c: string) => c.repeat(40);
  const retry = changeRecord({ createdAt: '2026-11-30T05:00:00.000Z', commits: [{ sha: sha('b'), subject: 'retry' }] });
  const other = changeRecord({ createdAt: '2026-11-30T05:01:00.000Z', commits: [{ sha: sha('c'), subject: 'other' }] });
  const deploy = deploymentRecord({ createdAt: '2026-11-30T05:30:00.000Z', commit: sha('c'), records: [retry.id, other.id] });
  const caused = incidentRecord({ createdAt: '2026-11-30T06:00:00.000Z', status: 'resolved', cause: { kind: 'deployment', deployment: deploy.id } });
  const byChange = incidentRecord({ createdAt: '2026-11-30T07:00:00.000Z', status: 'resolved', cause: { kind: 'change', change: other.id } });
  const index = memoryLogIndex([retry, other, deploy, caused, byChange]);

  it('names the incident a deployment carrying the commit caused, with that deployment', async () => {
    const found = await incidentsForCommits(index, [sha('b').slice(0, 7)]);
    assert.deepEqual(found.map((f) => [f.incident.incidentId, f.deployment, f.change]), [[caused.incidentId, deploy.id, retry.id]]);
  });

  it('names the incident blamed on the change record itself, and nothing for an unrelated commit', async () => {
    const found = await incidentsForCommits(index, [sha('c')]);
    assert.deepEqual(found.map((f) => f.incident.incidentId).sort(), [caused.incidentId, byChange.incidentId].sort());
    assert.deepEqual(await incidentsForCommits(index, [sha('d')]), []);
  });

  it('says which asked commits each incident is tied to, so a history row can carry it', async () => {
    const found = await incidentsForCommits(index, [sha('b'), sha('c'), sha('d')]);
    const bySha = incidentsBySha(found);
    assert.deepEqual(bySha.get(sha('b'))?.map((f) => f.incident.incidentId), [caused.incidentId]);
    assert.deepEqual(bySha.get(sha('c'))?.map((f) => f.incident.incidentId).sort(), [caused.incidentId, byChange.incidentId].sort());
    assert.equal(bySha.get(sha('d')), undefined);
    assert.match(commitIncidentText(bySha.get(sha('b'))![0]!), new RegExp(`deployment ${deploy.id}, which caused incident ${caused.incidentId}`));
  });

  it('ties a commit to a deployment recorded without change records when it is the commit put live', async () => {
    // Record Deployment of a commit no change record covers: the deployment's records are empty.
    const bare = deploymentRecord({ createdAt: '2026-11-30T08:00:00.000Z', commit: sha('e'), records: [] });
    const broke = incidentRecord({ createdAt: '2026-11-30T08:10:00.000Z', status: 'resolved', cause: { kind: 'deployment', deployment: bare.id } });
    const found = await incidentsForCommits(memoryLogIndex([retry, bare, broke]), [sha('e').slice(0, 10), sha('b')]);
    assert.deepEqual(found.map((f) => [f.incident.incidentId, f.deployment, f.change, f.commits]), [[broke.incidentId, bare.id, undefined, [sha('e').slice(0, 10)]]]);
  });

  it('ties a commit to a deployment whose range (previous commit to deployed commit) holds it', async () => {
    const bare = deploymentRecord({ createdAt: '2026-11-30T08:00:00.000Z', commit: sha('e'), previousCommit: sha('a'), records: [] });
    const broke = incidentRecord({ createdAt: '2026-11-30T08:10:00.000Z', status: 'resolved', cause: { kind: 'deployment', deployment: bare.id } });
    const asked: string[] = [];
    const commitsOf = async (d: { id: string; previousCommit?: string; commit: string }) => (asked.push(d.id), d.id === bare.id ? [sha('e'), sha('f')] : []);
    const found = await incidentsForCommits(memoryLogIndex([bare, broke]), [sha('f'), sha('9')], commitsOf);
    assert.deepEqual(found.map((f) => [f.incident.incidentId, f.deployment, f.commits]), [[broke.incidentId, bare.id, [sha('f')]]]);
    assert.deepEqual(asked, [bare.id]);
    // Without git's word, a commit inside the range is not claimed.
    assert.deepEqual(await incidentsForCommits(memoryLogIndex([bare, broke]), [sha('f')]), []);
  });
});
