import * as assert from 'node:assert/strict';
import { fixedClock } from '../../../../../../src/core/clock';
import { parseTeamConfig } from '../../../../../../src/core/config/loadTeamConfig';
import { silentLogger } from '../../../../../../src/core/log';
import { CdeventsSink } from '../../../../../../src/core/records/sinks/engines/cdeventsSink';
import { isPermanentFailure } from '../../../../../../src/core/records/sinks/recordSink';
import { type FakeCloudEventsReceiver, startFakeCloudEventsReceiver } from '../../../../../fixtures/engines/fakeCloudEventsReceiver';
import { deploymentRecord } from '../../../../../helpers/memoryLogIndex';

// CloudEvents 1.0: `source` is a URI-reference (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#source-1).
// "my shop" passed the team config and then failed every delivery with the SDK's bare
// "invalid payload", retried with backoff for ever.
describe('engines.cdevents.source must be a URI reference', () => {
  let fake: FakeCloudEventsReceiver;
  beforeEach(async () => {
    fake = await startFakeCloudEventsReceiver('ce-token-0123456789abcdef');
  });
  afterEach(() => fake.close());

  it('the team config refuses a source with a space or a broken %-escape, naming the field', () => {
    for (const source of ['my shop', 'shop%zz', 'shop\tprod']) {
      const { problems } = parseTeamConfig(JSON.stringify({ engines: { cdevents: { url: 'https://events.example.com/ce', source } } }), '.changetrail/config.json');
      assert.ok(problems.some((p) => p.field === 'engines.cdevents.source' && /URI reference/.test(p.message)), `${source}: ${JSON.stringify(problems)}`);
    }
    for (const source of ['changetrail/shop', 'https://ci.example.com/shop', '/shop', 'urn:acme:shop']) {
      const { problems } = parseTeamConfig(JSON.stringify({ engines: { cdevents: { url: 'https://events.example.com/ce', source } } }), '.changetrail/config.json');
      assert.deepEqual(problems, [], source);
    }
  });

  it('an event the CloudEvents SDK refuses is a permanent failure that names the attribute, not an endless retry', async () => {
    const sink = new CdeventsSink({ url: `${fake.url}/events`, source: 'my shop' }, { secret: async () => undefined, clock: fixedClock('2026-03-10T10:00:00Z'), logger: silentLogger });
    const deploy = deploymentRecord({ createdAt: '2026-03-10T09:00:00Z', commit: 'a'.repeat(40), environment: 'production' });
    const error = await sink.deliver(deploy, { idempotencyKey: 'k' }).then(() => undefined, (e: unknown) => e);
    assert.ok(isPermanentFailure(error), String(error));
    assert.match(String(error), /source/);
    assert.equal(fake.server.requests.length, 0);
  });
});
