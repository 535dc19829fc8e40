import * as assert from 'node:assert/strict';
import { parseTeamConfig } from '../../../../../../src/core/config/loadTeamConfig';
import { fixedClock } from '../../../../../../src/core/clock';
import type { Logger } from '../../../../../../src/core/log';
import { silentLogger } from '../../../../../../src/core/log';
import { createEngineSinks } from '../../../../../../src/core/records/sinks/engines/createEngineSinks';
import { devlakeEnvironment } from '../../../../../../src/core/records/sinks/engines/devlakeVocabulary';
import { withoutCredentials } from '../../../../../../src/core/records/sinks/engines/engineGitFacts';

const FILE = '.changetrail/config.json';
const setup = (logger: Logger = silentLogger) => ({ secret: async () => undefined, clock: fixedClock('2026-03-10T10:00:00Z'), logger });

describe('engines.devlake and engines.cdevents in the team config', () => {
  it('turns each engine on by its key, with the ids the outbox files use', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ engines: { devlake: { url: 'https://devlake.example.com', connectionId: 3 }, cdevents: { url: 'https://events.example.com/ce' } } }), FILE);
    assert.deepEqual(problems, []);
    assert.deepEqual(createEngineSinks(config, setup()).map((s) => [s.id, s.label]), [['devlake', 'DevLake (devlake.example.com)'], ['cdevents', 'CDEvents (events.example.com)']]);
  });

  it('has no place for a secret: an apiKey or token in the file is an unknown key', () => {
    const { problems } = parseTeamConfig(JSON.stringify({ engines: { devlake: { url: 'https://d.example.com', connectionId: 1, apiKey: 'x' }, cdevents: { url: 'https://e.example.com', token: 'y' } } }), FILE);
    assert.deepEqual(problems.map((p) => p.message.includes('unknown key')).filter(Boolean).length, 2, JSON.stringify(problems));
  });

  it('leaves out (and logs) an engine whose URL is plain http to another machine, keeping the other', () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string | Error) => void warnings.push(String(m)) } as Logger;
    const { config } = parseTeamConfig(JSON.stringify({ engines: { devlake: { url: 'http://devlake.example.com', connectionId: 1 }, cdevents: { url: 'http://127.0.0.1:9/ce' } } }), FILE);
    assert.deepEqual(createEngineSinks(config, setup(logger)).map((s) => s.id), ['cdevents']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /engines\.devlake.*https/);
  });

  it('guesses DevLake environments from names, pre-production before production', () => {
    assert.deepEqual(['production', 'prod-eu', 'preprod', 'staging', 'qa', 'dev', 'eu-1'].map((n) => devlakeEnvironment(n)), ['PRODUCTION', 'PRODUCTION', 'STAGING', 'STAGING', 'TESTING', 'DEVELOPMENT', 'EU-1']);
  });

  it('strips credentials from remote URLs and keeps scp-style ones', () => {
    assert.equal(withoutCredentials('https://ana:tok@git.example.com/a/b.git'), 'https://git.example.com/a/b.git');
    assert.equal(withoutCredentials('git@git.example.com:a/b.git'), 'git@git.example.com:a/b.git');
  });
});
