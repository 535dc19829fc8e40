import * as assert from 'node:assert/strict';
import { readSettings } from '../../../../src/core/config/readSettings';
import { defaultSettings } from '../../../../src/core/config/settingsSchema';

describe('settings', () => {
  it('answers the defaults when nothing is set', () => {
    const { settings, problems } = readSettings(() => undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, defaultSettings());
    assert.equal(settings['statusBar.enabled'], true);
  });

  it('takes valid values', () => {
    const values: Record<string, unknown> = { 'statusBar.enabled': false, 'tickets.urlTemplate': 'https://j/browse/{ticket}' };
    const { settings } = readSettings((k) => values[k]);
    assert.equal(settings['statusBar.enabled'], false);
    assert.equal(settings['tickets.urlTemplate'], 'https://j/browse/{ticket}');
  });

  it('names a wrong setting, falls back to its default, and keeps the others', () => {
    const values: Record<string, unknown> = { 'statusBar.enabled': 'no', 'statusBar.showWhenNoTicket': false };
    const { settings, problems } = readSettings((k) => values[k]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].field, 'changetrail.statusBar.enabled');
    assert.equal(settings['statusBar.enabled'], true);
    assert.equal(settings['statusBar.showWhenNoTicket'], false);
  });
});
