import * as assert from 'node:assert/strict';
import { formatProblem } from '../../../../src/core/config/configProblem';
import { remoteUrlHasSecret, urlHasUserinfo } from '../../../../src/core/config/configUrl';
import { parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';

// The team config is committed: a URL with user:password@ in it publishes the password to everyone
// with the repository. Every URL field refuses one, naming the field and where credentials go,
// without repeating the password.

const FILE = '.changetrail/config.json';
const SECRET = 's3cr3t-Pa55';
const withCreds = (url: string) => url.replace('://', `://ana:${SECRET}@`);

/** One config per URL field, each holding user:password@ in that field, and the field's dotted path. */
const CASES: readonly (readonly [string, unknown])[] = [
  ['trackers[0].baseUrl', { trackers: [{ type: 'jira-cloud', id: 'jira', baseUrl: withCreds('https://jira.example.com') }] }],
  ['trackers[0].baseUrl', { trackers: [{ type: 'github', id: 'gh', repository: 'acme/shop', baseUrl: withCreds('https://ghe.example.com/api/v3') }] }],
  ['tickets.urlTemplate', { tickets: { urlTemplate: withCreds('https://jira.example.com/browse/{ticket}') } }],
  ['systems[0].runbook', { systems: [{ name: 'billing', paths: ['src/**'], runbook: withCreds('https://wiki.example.com/runbook') }] }],
  ['records.webhook.url', { records: { webhook: { url: withCreds('https://hooks.example.com/in') } } }],
  ['channels[0].url', { channels: [{ type: 'webhook', id: 'ops', url: withCreds('https://hooks.example.com/ops') }] }],
  ['engines.jira.url', { engines: { jira: { cloudId: 'c0ffee', url: withCreds('https://git.example.com/acme') } } }],
  ['engines.github.apiBaseUrl', { engines: { github: { owner: 'acme', repo: 'shop', apiBaseUrl: withCreds('https://ghe.example.com/api/v3') } } }],
  ['engines.gitlab.apiBaseUrl', { engines: { gitlab: { projectId: 7, apiBaseUrl: withCreds('https://gitlab.example.com/api/v4') } } }],
  ['engines.devlake.url', { engines: { devlake: { url: withCreds('https://devlake.example.com'), connectionId: 1 } } }],
  ['engines.devlake.repoUrl', { engines: { devlake: { url: 'https://devlake.example.com', connectionId: 1, repoUrl: withCreds('https://github.com/acme/shop') } } }],
  ['engines.cdevents.url', { engines: { cdevents: { url: withCreds('https://events.example.com/ce') } } }],
];

describe('URLs with credentials in the team config', () => {
  for (const [field, config] of CASES) {
    it(`refuses user:password@ in ${field}, naming the field and not the password`, () => {
      const { problems } = parseTeamConfig(JSON.stringify(config), FILE);
      const line = problems.map(formatProblem).find((p) => p.includes(field));
      assert.ok(line, `no problem named ${field}: ${JSON.stringify(problems)}`);
      assert.match(line, /SecretStorage/);
      assert.match(line, /environment variables/);
      assert.ok(!problems.map(formatProblem).join('\n').includes(SECRET), 'the password was echoed');
    });
  }

  it('still takes the same URLs without credentials, and an ssh remote with its git user', () => {
    const clean = CASES.map(([, config]) => JSON.parse(JSON.stringify(config).replaceAll(`ana:${SECRET}@`, '')) as unknown);
    for (const config of clean) assert.deepEqual(parseTeamConfig(JSON.stringify(config), FILE).problems.filter((p) => p.severity !== 'warning'), [], JSON.stringify(config));
    const ssh = { engines: { devlake: { url: 'https://devlake.example.com', connectionId: 1, repoUrl: 'ssh://git@github.com/acme/shop.git' } } };
    assert.deepEqual(parseTeamConfig(JSON.stringify(ssh), FILE).problems, []);
  });

  it('tells userinfo the way the URL parser does: a user name alone, an @ in the path, odd shapes', () => {
    assert.equal(urlHasUserinfo('https://token@jira.example.com'), true);
    assert.equal(urlHasUserinfo('https://:pw@jira.example.com'), true);
    assert.equal(urlHasUserinfo('https://jira.example.com/browse/{ticket}?by=ana@example.com'), false);
    assert.equal(urlHasUserinfo('https://ana:pw@{host}/x'), true, 'not a URL to the parser, still userinfo');
    assert.equal(remoteUrlHasSecret('git@github.com:acme/shop.git'), false);
    assert.equal(remoteUrlHasSecret('ssh://git:pw@github.com/acme/shop.git'), true);
    assert.equal(remoteUrlHasSecret('https://ghp_token@github.com/acme/shop.git'), true);
  });

  it('looks at a long hostile URL in linear time', () => {
    const hostile = `https://${'a'.repeat(200_000)}`;
    const started = process.hrtime.bigint();
    assert.equal(urlHasUserinfo(hostile), false);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500);
  });
});
