import * as assert from 'node:assert/strict';
import { formatProblem, isBroken } from '../../../../src/core/config/configProblem';
import { parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';

// A freeze or gate setting naming an environment that `environments` does not have can never
// match the environment deployed to (the gate refuses any other): the freeze or the rules were
// silently off ("[off] freeze window") while `config check` said the file was valid.

const FILE = '.changetrail/config.json';
const parse = (config: object) => parseTeamConfig(JSON.stringify(config, null, 2), FILE);

describe('team config: environment names in freeze and gate settings', () => {
  // Warnings, not errors: an error marked the whole config broken, so `check` exited 2 and the
  // pull request fixing the name was judged by its broken base (a review finding).
  it('a written freeze.environments with a name not in environments is a warning naming the field; the list stays as written', () => {
    const { config, problems } = parse({ environments: ['staging', 'production'], freeze: { environments: ['production', 'prodution'] } });
    assert.equal(problems.length, 1, problems.map(formatProblem).join('\n'));
    assert.equal(isBroken(problems), false, 'the ticket rules are not touched: check and the hooks go on');
    assert.equal(
      formatProblem(problems[0]),
      `${FILE}:9: freeze.environments[1]: warning: "prodution" is not in environments (["staging","production"]): the freeze never applies there; use one of those names, or add it to environments`,
    );
    assert.deepEqual(config.freeze.environments, ['production', 'prodution'], 'the correct name keeps its freeze');
  });

  it('a gate.environments key not in environments is a warning naming the key', () => {
    const { config, problems } = parse({ environments: ['staging', 'production'], gate: { environments: { prod: { records: 'warn' }, staging: { promotion: 'off' } } } });
    assert.deepEqual(problems.map((p) => [p.field, p.severity]), [['gate.environments.prod', 'warning']]);
    assert.match(problems[0].message, /"prod" is not in environments .*these gate rules never apply/);
    assert.deepEqual(Object.keys(config.gate.environments), ['prod', 'staging']);
  });

  it('the DEFAULT freeze list naming no environment of the team: a warning that the default freeze applies to nothing', () => {
    const { config, problems } = parse({ environments: ['dev', 'prod'] });
    assert.equal(problems.length, 1);
    assert.equal(isBroken(problems), false);
    assert.equal(problems[0].field, 'freeze.environments');
    assert.match(formatProblem(problems[0]), /: freeze\.environments: warning: not set, and its default \["production"\] is not in environments \(\["dev","prod"\]\): the default freeze applies to nothing; set freeze\.environments \(e\.g\. \["prod"\]/);
    assert.deepEqual(config.freeze.environments, ['production'], 'a warning leaves the policy as it is');
  });

  it('names that match (trimmed, any case, as the gate compares), an empty freeze list and the defaults: no problem', () => {
    for (const config of [
      {},
      { environments: ['dev', 'prod'], freeze: { environments: [] } },
      { environments: ['Staging', ' Production '], freeze: { environments: ['production'] }, gate: { environments: { STAGING: { promotion: 'off' } } } },
      { environments: ['dev', 'prod'], freeze: { environments: ['prod'] }, gate: { environments: { prod: { records: 'block' } } } },
    ]) {
      assert.deepEqual(parse(config).problems, [], JSON.stringify(config));
    }
  });
});

// Two GitHub trackers without an `id` were both "github": one cache, one sign-in, tickets mixed.
describe('team config: trackers sharing an id', () => {
  it('a tracker whose id another tracker has is a warning naming it; distinct ids are fine', () => {
    const { problems } = parse({ trackers: [{ type: 'github', repository: 'acme/api' }, { type: 'github', repository: 'acme/web' }] });
    assert.deepEqual(problems.map((p) => [p.field, p.severity]), [['trackers[1]', 'warning']]);
    assert.match(problems[0].message, /its id "github" is also trackers\[0\]'s/);
    assert.deepEqual(parse({ trackers: [{ type: 'github', repository: 'acme/api' }, { type: 'github', id: 'web', repository: 'acme/web' }] }).problems, []);
  });
});
