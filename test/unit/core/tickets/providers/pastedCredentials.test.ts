import * as assert from 'node:assert/strict';
import { engineSecretsFromEnv } from '../../../../../src/core/records/sinks/engines/engineSinkSetup';
import { JIRA_CLOUD_EMAIL, JIRA_CLOUD_TOKEN, type FakeJira } from '../../../../fixtures/trackers/fakeJira';
import { providerFor, withFakeJira } from './jiraTestSetup';

// Credentials as people paste them: a token copied with a trailing space or newline, a CI secret
// written from `echo` or a file. Inside Basic's base64 the whitespace was a wrong password (401,
// "sign in again", which never helps); in a JSON body it was a wrong client secret.

describe('credentials with the whitespace they were pasted with', () => {
  let fake: FakeJira;
  withFakeJira('cloud', (f) => (fake = f));

  it('Jira Cloud: an e-mail and API token with surrounding whitespace sign in as the trimmed ones', async () => {
    const jira = providerFor(fake, { credentials: { kind: 'basic', username: ` ${JIRA_CLOUD_EMAIL}\n`, token: `${JIRA_CLOUD_TOKEN} \n` } });
    const found = await jira.search('PROJ-1');
    assert.ok(found.length > 0, 'the fake answered the search');
  });

  it('engine secrets from CI variables lose a trailing newline; a blank one counts as not set', async () => {
    const secret = engineSecretsFromEnv({ CHANGETRAIL_JIRA_CLIENT_SECRET: 's3cret-value\n', CHANGETRAIL_GITHUB_TOKEN: ' \n' });
    assert.equal(await secret('jira', 'clientSecret'), 's3cret-value');
    assert.equal(await secret('github', 'token'), undefined);
  });
});
