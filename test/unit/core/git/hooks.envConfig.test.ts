import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox, touchLater } from '../../../helpers/hookSandbox';
import { envConfigKey, envConfigKeySh } from '../../../../src/core/git/hooks/envConfigKey';
import { projectRoot } from '../../../helpers/projectRoot';

// Git takes configuration from the environment as well as from files: `git -c core.commentChar=;
// commit` (GIT_CONFIG_PARAMETERS), GIT_CONFIG_COUNT/KEY_n/VALUE_n. The hooks read a policy compiled
// from git config and recompiled only when a config file changed, so a one-off `-c` was ignored
// (a ticket in a `;` comment line counted), or, when that commit happened to recompile the policy,
// it stayed for every later commit (then a ticket in a `#` comment line counted).

describe('git hooks and git config given in the environment', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  const editorMessage = (b: Sandbox, text: string, env: NodeJS.ProcessEnv, args: readonly string[] = []) => {
    const file = join(b.scratch, 'msg.txt');
    writeFileSync(file, text);
    return b.tryGit([...args, 'commit', '--allow-empty'], b.path, { GIT_EDITOR: `cp '${file}'`, ...env });
  };

  it('honours git -c core.commentChar for that commit: a ticket only in a comment line is refused', () => {
    box = sandbox();
    box.write('.changetrail/config.json', '{ "tickets": { "projects": ["PROJ"] } }\n');
    install(box);
    const r = editorMessage(box, '; PROJ-1 only in a comment\nno ticket here\n', {}, ['-c', 'core.commentChar=;']);
    assert.equal(r.code, 1, `git stored "${box.headMessage()}"`);
    const counted = box.tryGit(['-c', 'core.commentChar=;', 'commit', '--allow-empty', '-q', '-m', 'PROJ-2 named', '-m', '; not a comment for -m']);
    assert.equal(counted.code, 0, counted.err);
  });

  it('does not keep a one-off -c for later commits, even when that commit compiled the policy', () => {
    box = sandbox();
    box.write('.changetrail/config.json', '{ "tickets": { "projects": ["PROJ"] } }\n');
    install(box);
    touchLater(join(box.path, '.changetrail', 'config.json'));
    const once = box.tryGit(['-c', 'core.commentChar=;', 'commit', '--allow-empty', '-q', '-m', 'PROJ-3 with -c']);
    assert.equal(once.code, 0, once.err);
    // The config file older than the policy again: nothing in the files says to recompile.
    const config = join(box.path, '.changetrail', 'config.json');
    utimesSync(config, 1_000_000_000, 1_000_000_000);
    const r = editorMessage(box, '# PROJ-1 only in a comment\nno ticket here\n', {});
    assert.equal(r.code, 1, `git stored "${box.headMessage()}"`);
  });

  it('honours GIT_CONFIG_COUNT/KEY/VALUE, and a linked ticket given with -c', () => {
    box = sandbox();
    box.write('.changetrail/config.json', '{ "tickets": { "projects": ["PROJ"] } }\n');
    install(box);
    const env = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.commentChar', GIT_CONFIG_VALUE_0: ';' };
    assert.equal(editorMessage(box, '; PROJ-1 only in a comment\nno ticket here\n', env).code, 1, `git stored "${box.headMessage()}"`);
    const linked = box.tryGit(['-c', 'branch.main.changetrailTicket=PROJ-8', 'commit', '--allow-empty', '-q', '-m', 'linked for once']);
    assert.equal(linked.code, 0, linked.err);
    assert.equal(box.headMessage(), 'PROJ-8: linked for once');
    assert.equal(box.commit('not linked any more').code, 1);
  });

  it('keys only the settings the policy reads (VS Code commits with -c user.useConfigOnly=true stay on the fast path)', () => {
    assert.equal(envConfigKey({ GIT_CONFIG_PARAMETERS: "'user.useconfigonly'='true'" }), envConfigKey({}));
    assert.notEqual(envConfigKey({ GIT_CONFIG_PARAMETERS: "'core.commentchar'=';'" }), envConfigKey({}));
    assert.notEqual(envConfigKey({ GIT_CONFIG_GLOBAL: '/elsewhere/.gitconfig' }), envConfigKey({}));
    assert.match(envConfigKey({ GIT_CONFIG_COUNT: '99999' }), /many$/);
  });

  it('keys HOME and XDG_CONFIG_HOME, which choose the global config git reads: a policy compiled under another HOME is not kept', () => {
    box = sandbox();
    box.write('.changetrail/config.json', '{ "tickets": { "projects": ["PROJ"] } }\n');
    install(box);
    // Another HOME whose ~/.gitconfig sets core.commentChar=;, and a commit there compiles the policy.
    const other = join(box.scratch, 'other-home');
    mkdirSync(other);
    writeFileSync(join(other, '.gitconfig'), '[core]\n\tcommentChar = ";"\n');
    touchLater(join(other, '.gitconfig'));
    const there = { HOME: other, XDG_CONFIG_HOME: join(other, '.config') };
    const first = editorMessage(box, '; PROJ-1 only in a comment\nno ticket here\n', there);
    assert.equal(first.code, 1, first.err);
    // Back in the usual HOME (no ~/.gitconfig: nothing newer than the policy): # is the comment character again.
    const r = editorMessage(box, '# PROJ-1 only in a comment\nno ticket here\n', {});
    assert.equal(r.code, 1, `the policy of the other HOME was kept: git stored "${box.headMessage()}"`);
    assert.notEqual(envConfigKey({ HOME: '/a' }), envConfigKey({ HOME: '/b' }));
    assert.notEqual(envConfigKey({ XDG_CONFIG_HOME: '/a' }), envConfigKey({}));
  });

  // On Git for Windows node started from sh sees HOME as C:\\Users\\me where sh sees /c/Users/me: a
  // key node made itself never matched lib.sh's, so every commit compiled the policy again. The
  // hooks hand over the key they computed, and the compiled policy records that one.
  it('records the key the hook computed (CT_ENV_KEY_SH), not one node makes from its own view of HOME', () => {
    box = sandbox();
    install(box);
    const out = join(box.scratch, 'policy.sh');
    const r = spawnSync(process.execPath, [join(projectRoot(), 'dist', 'cli.js'), 'hooks', 'compile-policy', '--out', out], { cwd: box.path, encoding: 'utf8', env: { ...process.env, HOME: 'C:\\Users\\me', CT_ENV_KEY_SH: '||||/c/Users/me||' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(out, 'utf8'), /^CT_ENV_KEY='\|\|\|\|\/c\/Users\/me\|\|'$/m);
    assert.match(readFileSync(join(box.path, '.git', 'hooks', 'changetrail', 'lib.sh'), 'utf8'), /export CT_ENV_KEY_SH/);
  });

  it('lib.sh builds the same key as envConfigKey', () => {
    const envs: NodeJS.ProcessEnv[] = [
      {},
      { HOME: '/home/a b', XDG_CONFIG_HOME: '/x' },
      { GIT_CONFIG_PARAMETERS: "'core.commentchar'=';'", GIT_CONFIG_GLOBAL: '/g', GIT_CONFIG_NOSYSTEM: '1', HOME: '/h' },
      { GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'core.commentChar', GIT_CONFIG_VALUE_0: ';', GIT_CONFIG_KEY_1: 'user.name', GIT_CONFIG_VALUE_1: 'x', XDG_CONFIG_HOME: '' },
    ];
    for (const env of envs) {
      const sh = spawnSync('sh', ['-c', `${envConfigKeySh()}\nct_env_key; printf '%s' "$CT_ENV_NOW"`], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
      assert.equal(sh.status, 0, sh.stderr);
      assert.equal(sh.stdout, envConfigKey({ PATH: process.env.PATH, ...env }), JSON.stringify(env));
    }
  });
});
