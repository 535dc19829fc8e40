import * as assert from 'node:assert/strict';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';

// Which references count as the ticket of a commit, as the hooks and `check` see them.
describe('git hooks: which tickets count', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });
  const configure = (b: Sandbox, config: object) => {
    b.write('.changetrail/config.json', JSON.stringify(config));
    b.git(['add', '.changetrail/config.json']);
    b.git(['commit', '-q', '--no-verify', '-m', 'PROJ-1: config']);
  };

  it('a ticket linked to the branch counts though its project is not listed, and is added once', () => {
    box = sandbox({ branch: 'spike/x' });
    configure(box, { tickets: { projects: ['PROJ'] } });
    install(box);
    box.git(['config', 'branch.spike/x.changetrailTicket', 'WRONG-5']);
    const added = box.commit('fix2');
    assert.equal(added.code, 0, added.err);
    assert.equal(box.headMessage(), 'WRONG-5: fix2');
    const named = box.commit('WRONG-5: fix3');
    assert.equal(named.code, 0, named.err);
    assert.equal(box.headMessage(), 'WRONG-5: fix3', 'the linked ticket was added a second time');
    // On another branch it is just a key of an unlisted project.
    box.git(['checkout', '-q', '-b', 'topic']);
    assert.notEqual(box.commit('WRONG-5: elsewhere').code, 0);
  });

  it('#N is no ticket on a Jira team (projects listed, no GitHub tracker): the branch ticket is added and check agrees', () => {
    box = sandbox({ branch: 'feature/PROJ-42-login' });
    configure(box, { tickets: { projects: ['PROJ'] } });
    install(box);
    const r = box.commit('handle retry #2 case');
    assert.equal(r.code, 0, r.err);
    assert.equal(box.headMessage(), 'PROJ-42: handle retry #2 case');
    box.git(['checkout', '-q', '-b', 'topic']);
    assert.notEqual(box.commit('handle retry #2 case').code, 0, '#2 counted as a ticket');
    assert.notEqual(box.commit('see AB#7').code, 0, 'AB#7 counted as a ticket');
    box.git(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'handle retry #3 case']);
    const check = box.changetrail(['check', 'HEAD~1..HEAD', '--format', 'json']);
    assert.equal(check.code, 1, check.out + check.err);
    assert.deepEqual(JSON.parse(check.out).commits[0].tickets, []);
  });

  it('#N counts with a GitHub tracker configured, AB#N with Azure Boards', () => {
    box = sandbox({ branch: 'topic' });
    configure(box, {
      tickets: { projects: ['PROJ'] },
      trackers: [{ type: 'github', repository: 'acme/app' }, { type: 'azure-boards', organization: 'acme', project: 'app' }],
    });
    install(box);
    const gh = box.commit('handle retry #2 case');
    assert.equal(gh.code, 0, gh.err);
    assert.equal(box.headMessage(), 'handle retry #2 case');
    assert.equal(box.commit('see AB#7').code, 0);
  });
});
