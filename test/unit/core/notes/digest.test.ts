import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { silentLogger } from '../../../../src/core/log';
import { DIGEST_CARRIER_ENVIRONMENT, buildDigest, digestDetail, digestFromLog, parseDigestTime } from '../../../../src/core/notes/digest';
import { digestCarrier, digestEntryId, isDigestCarrier } from '../../../../src/core/notes/digestCarrier';
import { appendEntry } from '../../../../src/core/records/changeLog';
import { deploymentRecordSchema } from '../../../../src/core/records/changeRecord';
import { ULID_PATTERN } from '../../../../src/core/records/ulid';
import { ENTRIES, LOGIN, NOW, PREVIOUS_DEPLOYMENT, REDIS, changeRecord, sampleDigest } from '../../../fixtures/notes/sampleNotes';

describe('digest', () => {
  it('groups the week’s records by system, "Other" last, one line per change with the why and the user impact', () => {
    const digest = sampleDigest();
    assert.equal(digest.title, 'This Week in Changes');
    assert.equal(digest.since, '2025-03-07T15:00:00.000Z');
    assert.equal(digest.until, NOW.toISOString());
    assert.equal(digest.total, 3);
    assert.deepEqual(digest.groups.map((g) => [g.system, g.items.map((i) => i.title)]), [
      ['Platform', ['Fail fast when REDIS_URL is missing']],
      ['Login', ['Login timeout shortened to 5 minutes']],
      ['Other', ['README explains the new timeout']],
    ]);
    assert.equal(digest.groups[1].items[0].detail, 'sessions left open on shared computers are being abused, users on old devices may be logged out mid-form');
    assert.equal(digest.groups[0].items[0].danger, true);
    assert.deepEqual(digest.deployments, [{ environment: 'production', count: 1 }], 'the deployment of 2025-03-07 09:00 is before the period');
  });

  it('the parenthesis: the problem, then "may affect" before a bare noun phrase; nothing when neither is said', () => {
    const record = (answers: Record<string, string>) => changeRecord({ id: '01JP0000000000000000000009', title: 'Login timeout shortened to 5 minutes', answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, { value: v }])) });
    assert.equal(digestDetail(record({ problem: 'Should reduce session abuse. And more words.', userImpact: 'users on old devices' })), 'should reduce session abuse, may affect users on old devices');
    assert.equal(digestDetail(record({ problem: 'API keys leak in logs' })), 'API keys leak in logs', 'an acronym keeps its capitals');
    assert.equal(digestDetail(record({ problem: 'n/a', userImpact: 'none' })), undefined);
    assert.equal(digestDetail(record({ problem: 'x'.repeat(300) }))?.length, 100);
    assert.equal(digestDetail(record({ problem: 'Done!!..' })), 'done', 'trailing dots and bangs go');
  });

  it('the parenthesis is linear in a teammate’s text: 400,000 dots before a word take milliseconds, not a minute', () => {
    const record = changeRecord({ id: '01JP0000000000000000000009', title: 'Dots', answers: { problem: { value: `${'.'.repeat(400_000)}x` } } });
    const started = process.hrtime.bigint();
    assert.equal(digestDetail(record)?.length, 100);
    // Quadratic, this took ~60 s here (40,000 dots: 0.6 s); linear, a few milliseconds.
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 3000, 'digestDetail took seconds: a regular expression backtracks');
  });

  it('an amended record shows once, as its newest version; an environment filter keeps only its records', () => {
    const amended = { ...LOGIN, id: '01JP5Z00000000000000000009', supersedes: LOGIN.id, title: 'Login timeout shortened to 10 minutes', createdAt: '2025-03-13T12:00:00.000Z' };
    const digest = buildDigest([...ENTRIES, amended], { now: NOW });
    assert.deepEqual(digest.groups.flatMap((g) => g.items.map((i) => i.title)).sort(), ['Fail fast when REDIS_URL is missing', 'Login timeout shortened to 10 minutes', 'README explains the new timeout']);
    const staging = buildDigest(ENTRIES, { now: NOW, environment: 'staging' });
    assert.deepEqual(staging.groups.map((g) => g.system), ['Other']);
    assert.throws(() => buildDigest(ENTRIES, { now: NOW, since: NOW, until: NOW }), (e: unknown) => e instanceof ChangeTrailError && e.code === 'BadRange');
  });

  it('digestFromLog reads only the period from the change log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'changetrail-digest-'));
    try {
      const log = join(dir, 'changes.jsonl');
      for (const entry of [PREVIOUS_DEPLOYMENT, LOGIN, REDIS, { ...REDIS, id: '01JP5Z0000000000000000000A', title: 'Later', createdAt: '2025-03-20T00:00:00.000Z' }]) await appendEntry(log, entry);
      const digest = await digestFromLog(log, { now: NOW, since: new Date('2025-03-11T00:00:00.000Z'), until: new Date('2025-03-12T12:00:00.000Z') }, silentLogger);
      assert.deepEqual(digest.groups.flatMap((g) => g.items.map((i) => i.recordId)), [LOGIN.id]);
      assert.equal((await digestFromLog(join(dir, 'missing.jsonl'), { now: NOW }, silentLogger)).total, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parseDigestTime reads 7d, 2w, 36h, dates and timestamps, and refuses the rest', () => {
    assert.equal(parseDigestTime('7d', NOW).toISOString(), '2025-03-07T15:00:00.000Z');
    assert.equal(parseDigestTime('2w', NOW).toISOString(), '2025-02-28T15:00:00.000Z');
    assert.equal(parseDigestTime('36h', NOW).toISOString(), '2025-03-13T03:00:00.000Z');
    assert.equal(parseDigestTime('2025-03-01', NOW).toISOString(), '2025-03-01T00:00:00.000Z');
    assert.equal(parseDigestTime('2025-03-01T08:00:00+01:00', NOW).toISOString(), '2025-03-01T07:00:00.000Z');
    for (const bad of ['last week', '7', '2025-13-45', '']) assert.throws(() => parseDigestTime(bad, NOW), /is not a time/);
  });

  it('parseDigestTime refuses dates the calendar lacks and zoneless timestamps, instead of moving them', () => {
    assert.throws(() => parseDigestTime('2026-02-30', NOW, '--since'), /--since "2026-02-30" is not a time: day 30 is not in February 2026/);
    assert.throws(() => parseDigestTime('2026-02-30T10:00:00Z', NOW), /day 30 is not in February 2026/);
    assert.throws(() => parseDigestTime('2026-13-01', NOW), /month 13 is not 01-12/);
    assert.throws(() => parseDigestTime('2025-03-01T24:00:00Z', NOW), /hour 24 is not 00-23/);
    assert.throws(() => parseDigestTime('2025-03-01T08:00:00', NOW, '--until'), /--until "2025-03-01T08:00:00" is not a time: it has no time zone/);
    assert.equal(parseDigestTime('2024-02-29', NOW).toISOString(), '2024-02-29T00:00:00.000Z');
  });

  it('travels through the outbox as a carrier entry with an id fixed by its period', () => {
    const digest = sampleDigest();
    const carrier = digestCarrier(digest, { commit: 'abcdef1', by: { name: 'CI', email: '' } });
    assert.ok(deploymentRecordSchema.safeParse(carrier).success);
    assert.equal(carrier.environment, DIGEST_CARRIER_ENVIRONMENT);
    assert.ok(isDigestCarrier(carrier) && !isDigestCarrier(PREVIOUS_DEPLOYMENT));
    assert.match(carrier.id, ULID_PATTERN);
    assert.equal(carrier.id, digestEntryId(sampleDigest()), 'the same period, the same id');
    assert.notEqual(carrier.id, digestEntryId({ ...digest, since: '2025-03-06T15:00:00.000Z' }));
    assert.deepEqual(buildDigest([...ENTRIES, { ...carrier, createdAt: '2025-03-10T00:00:00.000Z' }], { now: NOW }).deployments, [], 'carriers are not deployments');
  });
});
