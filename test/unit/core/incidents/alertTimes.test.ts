import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAlert } from '../../../../src/core/incidents/alerts/parseAlert';
import { projectRoot } from '../../../helpers/projectRoot';

// A payload whose time is empty or garbled used to pass validation and fail later as "Invalid time
// value" (exit 70); every vendor's time field is now checked with the rest, and named.

const fixture = (name: string) => JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'alerts', name), 'utf8'));

describe('alert payloads: their times', () => {
  const refused = (payload: unknown, field: string) =>
    assert.throws(() => parseAlert(JSON.stringify(payload), 'alert.json'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ConfigInvalid');
      assert.match(error.message, new RegExp(`^alert\\.json: looks like a .* but ${field.replace(/[[\].]/g, '\\$&')}: expected `));
      return true;
    });

  for (const startsAt of ['', 'soon', '2026-13-45T99:00:00Z']) {
    it(`Grafana: startsAt ${JSON.stringify(startsAt)} is refused, naming the field`, () => {
      const gf = fixture('grafana-firing.json');
      gf.alerts[0].startsAt = startsAt;
      refused(gf, 'alerts[0].startsAt');
    });
  }

  it('PagerDuty: created_at and occurred_at must be times', () => {
    const created = fixture('pagerduty-v3-incident-triggered.json');
    created.event.data.created_at = '';
    refused(created, 'event.data.created_at');
    const occurred = fixture('pagerduty-v3-incident-triggered.json');
    occurred.event.occurred_at = 'yesterday-ish';
    refused(occurred, 'event.occurred_at');
  });

  it('Opsgenie: createdAt must be a time after 1970', () => {
    for (const createdAt of [0, -5]) {
      const og = fixture('opsgenie-create.json');
      og.alert.createdAt = createdAt;
      refused(og, 'alert.createdAt');
    }
  });

  it('the documented payloads still read', () => {
    assert.equal(parseAlert(JSON.stringify(fixture('grafana-firing.json')), 'gf').detectedAt, '2026-11-30T05:58:00.000Z');
    assert.equal(parseAlert(JSON.stringify(fixture('pagerduty-v3-incident-triggered.json')), 'pd').detectedAt, '2026-11-30T05:58:00.000Z');
    assert.equal(parseAlert(JSON.stringify(fixture('opsgenie-create.json')), 'og').detectedAt, '2026-11-30T05:58:00.000Z');
  });
});
