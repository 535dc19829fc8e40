import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock } from '../../../../../src/core/clock';
import { parseTeamConfig } from '../../../../../src/core/config/loadTeamConfig';
import type { Logger } from '../../../../../src/core/log';
import { silentLogger } from '../../../../../src/core/log';
import { checkChannelUrl } from '../../../../../src/core/records/sinks/channelPost';
import { channelUrlProblem } from '../../../../../src/core/records/sinks/channelUrls';
import { createEngineSinks } from '../../../../../src/core/records/sinks/engines/createEngineSinks';
import { projectRoot } from '../../../../helpers/projectRoot';

// "Set Channel Webhook URL..." said "An https URL" but took http:// to any host, which the sinks
// then refused at the first post. One rule in core now serves both; these are its cases.

const SECRET = 'T000/B000/XXXXsecretXXXX';
const TAKEN = [`https://hooks.slack.example.com/services/${SECRET}`, `  https://hooks.slack.example.com/services/${SECRET}  `, 'http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]:9/hook'];
const REFUSED = [`http://hooks.slack.example.com/services/${SECRET}`, `ftp://files.example.com/${SECRET}`, `hooks.slack.example.com/services/${SECRET}`, '', `javascript:alert('${SECRET}')`, 'http://127.0.0.1.example.com/hook'];

describe('the channel webhook URL rule', () => {
  it('takes https, and plain http only to this machine', () => {
    for (const url of TAKEN) assert.equal(channelUrlProblem(url, 'channel "ops"'), undefined, url);
    for (const url of REFUSED) assert.match(channelUrlProblem(url, 'channel "ops"') ?? 'taken', /^The channel "ops" URL (must be https|is not a URL)/, url);
  });

  it('never repeats the secret part of a refused URL', () => {
    for (const url of REFUSED) assert.ok(!(channelUrlProblem(url, 'channel "ops"') ?? '').includes(SECRET), url);
  });

  it('is the rule the sinks apply: checkChannelUrl refuses exactly what it refuses, with its words', () => {
    for (const url of [...TAKEN, ...REFUSED]) {
      const problem = channelUrlProblem(url, 'channel "ops"');
      if (problem === undefined) assert.doesNotThrow(() => checkChannelUrl(url, 'channel "ops"'), url);
      else assert.throws(() => checkChannelUrl(url, 'channel "ops"'), (error: Error) => error.message === problem, url);
    }
  });

  it('is the rule of the Set Channel Webhook URL input box, not a looser one of its own', () => {
    const source = readFileSync(join(projectRoot(), 'src', 'host', 'commands', 'setChannelWebhook.ts'), 'utf8');
    assert.match(source, /validateInput: \(v\) => channelUrlProblem\(v,/);
    assert.doesNotMatch(source, /https\?:/, 'a URL pattern of its own');
  });

  it('an engine\'s refused URL names its own field (engines.cdevents.url), not records.webhook.url', () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string | Error) => void warnings.push(String(m)) } as Logger;
    const { config } = parseTeamConfig(JSON.stringify({ engines: { cdevents: { url: 'http://events.example.com/ce' } } }), '.changetrail/config.json');
    assert.deepEqual(createEngineSinks(config, { secret: async () => undefined, clock: fixedClock('2026-03-10T10:00:00Z'), logger }), []);
    assert.match(warnings.join('\n'), /engines\.cdevents\.url must use https/);
  });
});
