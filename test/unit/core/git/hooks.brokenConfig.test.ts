import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Sandbox, install, sandbox, touchLater } from '../../../helpers/hookSandbox';

// Issue 12, item 4 (hook side): a config that stops parsing must not loosen what the hooks
// enforce, and every hook run says so on its first line.
describe('hooks with a broken team config', function () {
  this.timeout(60_000);
  let box: Sandbox;
  beforeEach(() => {
    box = sandbox({ branch: 'feature/login' });
    box.write('.changetrail/config.json', JSON.stringify({ tickets: { projects: ['PROJ'] } }));
    install(box);
    assert.notEqual(box.commit('OPS-1: not a project of this team').code, 0, 'the good policy accepts only PROJ');
  });
  afterEach(() => box.dispose());

  const breakConfig = (text: string) => {
    box.write('.changetrail/config.json', text);
    touchLater(join(box.path, '.changetrail/config.json'));
  };

  for (const [label, text] of [
    ['invalid JSON', '{ "tickets": { "projects": ["PROJ"] '],
    ['a field of the wrong type', JSON.stringify({ tickets: { projects: 'PROJ', requireOnCommit: 'no' } })],
  ] as const) {
    it(`${label}: keeps enforcing the last good policy and says so first`, () => {
      breakConfig(text);
      const rejected = box.commit('OPS-1: still not a project of this team');
      assert.notEqual(rejected.code, 0, 'the broken config loosened the policy');
      assert.match(rejected.err.split('\n')[0], /ChangeTrail: \.changetrail\/config\.json is broken.*last good policy/);
      const accepted = box.commit('PROJ-2: a ticket of this team');
      assert.equal(accepted.code, 0, accepted.err);
      assert.match(accepted.err.split('\n')[0], /config\.json is broken/, 'a passing commit says so too');
      const noTicket = box.commit('no ticket at all');
      assert.notEqual(noTicket.code, 0);
      assert.match(noTicket.err.split('\n')[0], /config\.json is broken/);
    });
  }

  it('enforces a config with only warnings as written, looser or stricter than the last good one', () => {
    // (x+)+y is only warned about (ChangeTrail runs it in linear time): the file is not broken.
    const warned = { patterns: ['(x+)+y'] };
    breakConfig(JSON.stringify({ tickets: { projects: ['PROJ', 'OPS'], ...warned } }));
    const ops = box.commit('OPS-4: a project of the new config');
    assert.equal(ops.code, 0, ops.err);
    assert.doesNotMatch(ops.err, /broken/);
    breakConfig(JSON.stringify({ tickets: { requireOnCommit: false } }));
    assert.equal(box.commit('wip').code, 0, 'the good config requires no ticket');
    breakConfig(JSON.stringify({ tickets: { requireOnCommit: true, ...warned } }));
    assert.notEqual(box.commit('wip again').code, 0, 'a warning brought back the looser last good policy');
  });

  it('says nothing once the config is fixed', () => {
    breakConfig('{');
    assert.match(box.commit('PROJ-3: x').err, /broken/);
    breakConfig(JSON.stringify({ tickets: { projects: ['PROJ', 'OPS'] } }));
    const r = box.commit('OPS-4: now a project');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /broken/);
  });
});
