import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Sandbox, install, sandbox, touchLater } from '../../../helpers/hookSandbox';

// A team config nested 100,000 levels deep made the hooks' node side crash ("Maximum call stack
// size exceeded"); it is a broken config like any other: the last good policy stays in force and
// every hook run says so first (see hooks.brokenConfig.test.ts).
describe('hooks with a team config nested too deeply', function () {
  this.timeout(60_000);
  let box: Sandbox;
  afterEach(() => box.dispose());

  it('keeps enforcing the last good policy and says the config is broken', () => {
    box = sandbox({ branch: 'feature/login' });
    box.write('.changetrail/config.json', JSON.stringify({ tickets: { projects: ['PROJ'] } }));
    install(box);
    box.write('.changetrail/config.json', `{"tickets": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    touchLater(join(box.path, '.changetrail/config.json'));
    const rejected = box.commit('OPS-1: not a project of this team');
    assert.notEqual(rejected.code, 0, 'the broken config loosened the policy');
    assert.match(rejected.err.split('\n')[0], /ChangeTrail: \.changetrail\/config\.json is broken: .*nested too deeply.*last good policy/);
    assert.doesNotMatch(rejected.err, /call stack|cannot run (node|its CLI)/);
    const accepted = box.commit('PROJ-2: a ticket of this team');
    assert.equal(accepted.code, 0, accepted.err);
    assert.match(accepted.err.split('\n')[0], /config\.json is broken/);
    // The node side of the hook (what runs when the fast path finds no ticket) reads it the same way.
    box.write('message.txt', 'no ticket\n');
    const slow = box.changetrail(['hook', 'commit-msg', 'message.txt', '']);
    assert.equal(slow.code, 1, slow.err);
    assert.doesNotMatch(slow.err, /call stack/);
  });
});
