import * as assert from 'node:assert/strict';
import { changeTrail, eventually, terminalGit } from './testApi';

describe('branch ticket in the status bar (real repository, vscode.git)', function () {
  this.timeout(60_000);

  after(() => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
  });

  it('shows the ticket of the checked-out branch', async () => {
    const api = await changeTrail();
    const item = await eventually(() => api.statusBarItem(), (s) => s.visible && s.text === '$(tag) PROJ-123', 'status bar item');
    assert.match(item.tooltip ?? '', /feature\/PROJ-123-login-timeout/);
    const status = await api.branchTicket();
    assert.deepEqual(status, {
      kind: 'ticket',
      branch: 'feature/PROJ-123-login-timeout',
      ticket: 'PROJ-123',
      url: 'https://acme.atlassian.net/browse/PROJ-123',
    });
  });

  it('follows a checkout made in a terminal', async () => {
    const api = await changeTrail();
    terminalGit('checkout', '-q', 'bugfix/OPS-7-crash-on-start');
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) OPS-7', 'after terminal checkout');
  });

  it('says "No ticket" on a branch without one, and hides on the default branch', async () => {
    const api = await changeTrail();
    terminalGit('checkout', '-q', 'spike/new-password-rules');
    await eventually(() => api.statusBarItem(), (s) => s.visible && s.text === '$(tag) No ticket', 'on a branch without ticket');
    terminalGit('checkout', '-q', 'main');
    await eventually(() => api.statusBarItem().visible, (v) => v === false, 'on main');
    assert.equal((await api.branchTicket()).kind, 'defaultBranch');
  });

  it('hides on a detached HEAD', async () => {
    const api = await changeTrail();
    terminalGit('checkout', '-q', '--detach', 'HEAD');
    await eventually(async () => (await api.branchTicket()).kind, (k) => k === 'detached', 'detached HEAD');
    assert.equal(api.statusBarItem().visible, false);
  });
});
