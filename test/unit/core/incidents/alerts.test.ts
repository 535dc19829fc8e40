import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAlert } from '../../../../src/core/incidents/alerts/parseAlert';
import { projectRoot } from '../../../helpers/projectRoot';

// Fixtures written from each vendor's documentation; the pages are cited in test/fixtures/alerts/README.md.
const fixture = (name: string) => readFileSync(join(projectRoot(), 'test', 'fixtures', 'alerts', name), 'utf8');

describe('alert payloads', () => {
  it('reads a PagerDuty v3 incident.triggered webhook', () => {
    const alert = parseAlert(fixture('pagerduty-v3-incident-triggered.json'), 'pd.json');
    assert.deepEqual(alert, { source: 'pagerduty', id: 'PGR0VU2', url: 'https://acme.pagerduty.com/incidents/PGR0VU2', title: 'Card payments failing', detectedAt: '2026-11-30T05:58:00.000Z', systems: ['Billing'], impact: 'outage', resolved: false });
  });

  it('reads an Opsgenie Create action, with system and environment from its tags', () => {
    const alert = parseAlert(fixture('opsgenie-create.json'), 'og.json');
    assert.deepEqual([alert.source, alert.id, alert.title, alert.detectedAt, alert.systems, alert.environment, alert.impact, alert.resolved], ['opsgenie', '052652ac-5d1c-464a-812a-7dd18bbfba8c', 'Card payments failing', '2026-11-30T05:58:00.000Z', ['Billing'], 'production', 'outage', false]);
  });

  it('reads a Grafana Alerting firing group, with labels for system, environment and severity', () => {
    const alert = parseAlert(fixture('grafana-firing.json'), 'gf.json');
    assert.deepEqual([alert.source, alert.title, alert.detectedAt, alert.systems, alert.environment, alert.impact, alert.resolved, alert.url], ['grafana', 'High error rate: Card payments failing', '2026-11-30T05:58:00.000Z', ['Billing'], 'production', 'outage', false, 'https://play.grafana.org/alerting/1afz29v7z/edit']);
  });

  it('marks resolved and closed alerts, which open nothing', () => {
    const pd = JSON.parse(fixture('pagerduty-v3-incident-triggered.json'));
    pd.event.event_type = 'incident.resolved';
    pd.event.data.status = 'resolved';
    assert.equal(parseAlert(JSON.stringify(pd), 'pd').resolved, true);
    const og = JSON.parse(fixture('opsgenie-create.json'));
    og.action = 'Close';
    assert.equal(parseAlert(JSON.stringify(og), 'og').resolved, true);
    const gf = JSON.parse(fixture('grafana-firing.json'));
    gf.status = 'resolved';
    gf.alerts[0].status = 'resolved';
    assert.equal(parseAlert(JSON.stringify(gf), 'gf').resolved, true);
  });

  it('names the file and the field when a payload does not fit', () => {
    const pd = JSON.parse(fixture('pagerduty-v3-incident-triggered.json'));
    delete pd.event.data.title;
    assert.throws(() => parseAlert(JSON.stringify(pd), 'alert.json'), /^ChangeTrailError: alert\.json: looks like a PagerDuty v3 webhook but event\.data\.title: expected string, got nothing$/);
    const service = JSON.parse(fixture('pagerduty-v3-incident-triggered.json'));
    service.event.resource_type = 'service';
    assert.throws(() => parseAlert(JSON.stringify(service), 'alert.json'), /event\.resource_type/);
    const gf = JSON.parse(fixture('grafana-firing.json'));
    gf.alerts = [];
    assert.throws(() => parseAlert(JSON.stringify(gf), 'stdin'), /stdin: looks like a Grafana Alerting webhook but alerts: too short/);
    assert.throws(() => parseAlert('{"hello": 1}', 'x.json'), /x\.json: not an alert ChangeTrail reads/);
    assert.throws(() => parseAlert('{', 'x.json'), /x\.json: not JSON/);
  });
});
