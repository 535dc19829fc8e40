import * as assert from 'node:assert/strict';
import { deploymentOutcomes } from '../../../../src/core/metrics/deploymentOutcomes';
import type { DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { deployment } from '../../../fixtures/metrics/metricsFixtures';

describe('deployment outcomes', () => {
  it('restores a failed deployment at the next deployment to the same environment, however environments interleave', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const envs = ['production', 'staging', ' Production ', 'eu-west'];
    const deployments: DeploymentRecord[] = [];
    const start = Date.parse('2026-10-01T00:00:00Z');
    for (let i = 0; i < 300; i++) {
      const at = new Date(start + Math.floor(next() * 60 * 86_400_000)).toISOString();
      const environment = envs[Math.floor(next() * envs.length)];
      const target = deployments[Math.floor(next() * deployments.length)];
      // About one in four rolls back an earlier deployment, so it failed.
      deployments.push(next() < 0.25 && target ? deployment(at, [], { environment, kind: 'rollback', rollsBack: target.id }) : deployment(at, [], { environment }));
    }
    const outcomes = deploymentOutcomes(deployments, [], []);
    const failed = outcomes.filter((o) => o.failures.length > 0);
    assert.ok(failed.length > 20, 'enough failed deployments to compare');
    for (const [i, o] of outcomes.entries()) {
      // The definition, by a plain search: the first later deployment to the same environment (trimmed, any case).
      const expected = o.failures.length === 0 ? undefined : outcomes.slice(i + 1).find((later) => later.environment === o.environment)?.at;
      assert.equal(o.restoredAt, expected, `${o.deployment.id} on ${o.environment}`);
    }
  });
});
