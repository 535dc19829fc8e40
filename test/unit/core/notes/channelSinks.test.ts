import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChannelConfig, teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { ChangeTrailError } from '../../../../src/core/errors';
import { digestCarrier } from '../../../../src/core/notes/digestCarrier';
import { NoteStore, fallbackContent } from '../../../../src/core/notes/noteStore';
import { renderMarkdown } from '../../../../src/core/notes/renderMarkdown';
import type { DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { checkChannelUrl, scrubUrl } from '../../../../src/core/records/sinks/channelPost';
import { channelSinkId, channelUrlVariable, channelUrlsFromEnv, createChannelSinks } from '../../../../src/core/records/sinks/channelSinks';
import { channelUrl, channelsNeedingUrl } from '../../../../src/core/records/sinks/channelUrls';
import { ChannelWebhookSink } from '../../../../src/core/records/sinks/channelWebhookSink';
import { isPermanentFailure } from '../../../../src/core/records/sinks/recordSink';
import { type LocalHttpServer, json, startLocalHttpServer } from '../../../helpers/localHttpServer';
import { LOGIN, NOW, PREVIOUS_DEPLOYMENT, sampleDigest, sampleNote } from '../../../fixtures/notes/sampleNotes';

const record: DeploymentRecord = { ...PREVIOUS_DEPLOYMENT, id: '01JP6Q0000000000000000DPY1', commit: sampleNote().to, previousCommit: sampleNote().previous, records: [LOGIN.id] };

describe('NoteStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-notes-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back exactly the note saved for an entry, and leaves no temp file', async () => {
    const store = new NoteStore(dir);
    await store.save(record.id, sampleNote());
    assert.deepEqual(await new NoteStore(dir).contentFor(record), sampleNote());
    assert.deepEqual(readdirSync(dir), [`${record.id}.json`]);
    await assert.rejects(store.save('../escape', sampleNote()), /not an entry id/);
  });

  it('without a saved note, posts a short true one made from the entry; a change record is refused for good', async () => {
    writeFileSync(join(dir, `${record.id}.json`), '{"torn":');
    const content = await new NoteStore(dir).contentFor(record);
    assert.equal(content.schema === 'changetrail/deployment-note' && content.partial, true);
    assert.match(renderMarkdown(content), /Only the deployment record was at hand.*01JP5Z00000000000000000001/s);
    const carrier = digestCarrier(sampleDigest(), { commit: 'abcdef1', by: { name: 'CI', email: '' } });
    const digest = fallbackContent(carrier);
    assert.equal(digest.schema, 'changetrail/digest');
    assert.throws(() => fallbackContent(LOGIN), (e: unknown) => isPermanentFailure(e));
  });

  it('prune removes old notes only', async () => {
    const store = new NoteStore(dir);
    await store.save(record.id, sampleNote());
    await store.save('01JP6Q0000000000000000DPY2', sampleNote());
    const old = (Date.now() - 40 * 24 * 3600_000) / 1000;
    utimesSync(join(dir, `${record.id}.json`), old, old);
    assert.equal(await store.prune(30 * 24 * 3600_000, Date.now()), 1);
    assert.deepEqual(readdirSync(dir), ['01JP6Q0000000000000000DPY2.json']);
  });
});

describe('channel sinks from the team config', () => {
  const channels = teamConfigSchema.parse({
    channels: [{ type: 'slack' }, { type: 'teams', id: 'ops-room' }, { type: 'webhook', id: 'audit', url: 'https://hooks.example.com/changetrail' }, { type: 'email', to: ['support@example.com'] }],
  }).channels;
  const content = new NoteStore(join(tmpdir(), 'unused'));

  it('names sinks channel-<id> and URL variables CHANGETRAIL_<ID>_URL', () => {
    assert.deepEqual(channels.map(channelSinkId), ['channel-slack', 'channel-ops-room', 'channel-audit', 'channel-email']);
    assert.deepEqual(channels.map((c) => channelUrlVariable(c.id)), ['CHANGETRAIL_SLACK_URL', 'CHANGETRAIL_OPS_ROOM_URL', 'CHANGETRAIL_AUDIT_URL', 'CHANGETRAIL_EMAIL_URL']);
  });

  it('makes a sink per channel with a URL; e-mail, missing and bad URLs are skipped with a reason that never shows the URL', async () => {
    const secretUrl = 'http://hooks.example.com/services/T000/B000/sEcReTtOkEnValue0123';
    const env = { CHANGETRAIL_SLACK_URL: 'https://hooks.example.com/services/T000/B000/abcdefabcdef', CHANGETRAIL_OPS_ROOM_URL: secretUrl };
    const { sinks, skipped } = await createChannelSinks(channels, { ...channelUrlsFromEnv(env), content });
    assert.deepEqual(sinks.map((s) => [s.id, s.label]), [['channel-slack', 'Slack channel "slack"'], ['channel-audit', 'Webhook (hooks.example.com)']]);
    assert.deepEqual(skipped.map((s) => s.channel.id), ['ops-room', 'email']);
    assert.match(skipped[0].reason, /must be https:\/\/ \(plain http only to this machine\), not http:\/\/hooks\.example\.com$/);
    assert.ok(!JSON.stringify(skipped).includes('sEcReTtOkEnValue0123'));
    const none = await createChannelSinks(channels.slice(0, 1), { urlFor: () => undefined, content });
    assert.match(none.skipped[0].reason, /no URL is set .*CHANGETRAIL_SLACK_URL/);
  });

  it('the editor gets a sink for every channel kind the CLI does: webhook channels too, from their config url or a stored URL', async () => {
    assert.deepEqual(channelsNeedingUrl(channels).map((c) => [c.id, c.type]), [['slack', 'slack'], ['ops-room', 'teams'], ['audit', 'webhook']], 'Set Channel Webhook URL offers every kind that posts');
    // The editor's setup: a URL only where "Set Channel Webhook URL..." stored one (here: none at all).
    const stored = new Map<string, string>([['slack', 'https://hooks.example.com/services/T000/B000/abcdefabcdef']]);
    const editor = await createChannelSinks(channels, { urlFor: (c) => channelUrl(c, stored.get(c.id)), content });
    const cli = await createChannelSinks(channels, { ...channelUrlsFromEnv({ CHANGETRAIL_SLACK_URL: stored.get('slack') }), content });
    assert.deepEqual(editor.sinks.map((s) => s.id), cli.sinks.map((s) => s.id));
    assert.ok(editor.sinks.some((s) => s.id === 'channel-audit'), 'the webhook channel is not skipped');
    assert.equal(channelUrl(channels[2], 'https://override.example.com/hook'), 'https://override.example.com/hook', 'a stored URL wins over the config');
    assert.equal(channelUrl(channels[0], undefined), undefined, 'Slack URLs are never read from the config');
  });

  it('checkChannelUrl and scrubUrl keep the URL out of every message', () => {
    assert.throws(() => checkChannelUrl('not a url sEcReT', 'Slack'), (e: unknown) => e instanceof ChangeTrailError && !e.message.includes('sEcReT'));
    const url = new URL('https://prod-12.westeurope.logic.example.com:443/workflows/0f1e2d3c/triggers/manual/paths/invoke?api-version=2016-06-01&sig=AbCdEf0123456789xyz');
    const text = `failed: ${url.href} (sig AbCdEf0123456789xyz, workflow 0f1e2d3c) on the services path`;
    assert.equal(scrubUrl(text, url), 'failed: *** (sig ***, workflow ***) on the services path');
  });
});

describe('ChannelWebhookSink (a generic webhook channel)', () => {
  let server: LocalHttpServer;
  let dir: string;
  beforeEach(async () => {
    server = await startLocalHttpServer((_req, res) => json(res, 202, { accepted: true }));
    dir = mkdtempSync(join(tmpdir(), 'changetrail-webhook-channel-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POSTs the rendered note with the record ids, an Idempotency-Key and a signature over the exact bytes', async () => {
    const store = new NoteStore(dir);
    await store.save(record.id, sampleNote());
    const channel: ChannelConfig = { type: 'webhook', id: 'audit', url: `${server.url}/hook` };
    const sink = new ChannelWebhookSink({ url: channel.url, channel: channel.id, content: store, secret: () => 'whsec-0123456789', clock: () => NOW.getTime() });
    await sink.deliver(record, { idempotencyKey: `${record.id}:${sink.id}` });
    const [req] = server.requests;
    const body = JSON.parse(req.body);
    assert.deepEqual([body.schema, body.kind, body.id, body.records], ['changetrail/channel-post', 'deployment', record.id, sampleNote().changes.map((c) => c.recordId)]);
    assert.match(body.text, /^## Deployment to production/);
    assert.equal(req.headers['idempotency-key'], `${record.id}:channel-audit`);
    assert.equal(req.headers['x-changetrail-signature'], `sha256=${createHmac('sha256', 'whsec-0123456789').update(Buffer.from(req.body, 'utf8')).digest('hex')}`);
  });

  it('speaks of the channel URL, not records.webhook.url, when refused', async () => {
    server.handle((_req, res) => json(res, 404, { message: 'no such hook' }));
    const sink = new ChannelWebhookSink({ url: `${server.url}/hook/0123456789secret`, channel: 'audit', content: new NoteStore(dir) });
    const error = await sink.deliver(record, { idempotencyKey: 'k' }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TrackerError && isPermanentFailure(error));
    assert.match(error.message, /answered 404: check the URL of channel "audit"/);
    assert.ok(!error.message.includes('0123456789secret'));
    assert.throws(() => new ChannelWebhookSink({ url: 'http://hooks.example.com/x', channel: 'audit', content: new NoteStore(dir) }), /channel "audit" URL must be https/);
  });
});
