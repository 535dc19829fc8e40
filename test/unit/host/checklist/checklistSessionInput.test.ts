import * as assert from 'node:assert/strict';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { ChecklistDrafts } from '../../../../src/host/checklist/checklistDraft';
import { ChecklistSession } from '../../../../src/host/checklist/checklistSession';

// What the webview sends is checked twice: by the message schema, and here against this
// checklist. A forged (or stale) setEnvironment wrote a record to "prod" (no freeze, gate or
// note knows it), and answers to questions nobody asked piled up in the saved draft.

function memento() {
  const data = new Map<string, unknown>();
  return { keys: () => [...data.keys()], get: (key: string) => data.get(key), update: async (key: string, value: unknown) => void data.set(key, value) };
}

function session(store = memento(), environments = ['staging', 'production']) {
  const defaults = defaultTeamConfig();
  // The freeze is read in UTC: the test may not depend on the machine's zone.
  const config = { ...defaults, environments, freeze: { ...defaults.freeze, timeZone: 'UTC' } };
  return new ChecklistSession('/repo', 'feature/PROJ-1-a', ['PROJ-1'], config, new ChecklistDrafts(store as never), 'Fix login');
}

const FRIDAY_EVENING = new Date('2026-11-27T18:00:00Z');
const TUESDAY = new Date('2026-12-01T10:00:00Z');

describe('checklist session: messages checked against this checklist', () => {
  it('refuses an environment the team does not list, leaving the draft as it was', () => {
    const s = session();
    for (const environment of ['prod', 'Production', 'production-eu', '']) {
      assert.match(s.dispatch({ type: 'setEnvironment', environment }) ?? '', /is not one of the configured environments \(staging, production\)/, environment);
      assert.equal(s.state.environment, 'production', environment);
    }
    assert.equal(s.dispatch({ type: 'setEnvironment', environment: 'staging' }), undefined);
    assert.equal(s.state.environment, 'staging');
  });

  it('a forged environment cannot dodge the freeze: "Production " is production, "prod" is refused', () => {
    const s = session();
    assert.equal(s.dispatch({ type: 'setEnvironment', environment: 'production ' }), undefined);
    assert.ok(s.riskFlags(undefined, FRIDAY_EVENING).some((f) => f.id === 'freezeWindow'));
    s.dispatch({ type: 'setEnvironment', environment: 'prod' });
    assert.ok(s.riskFlags(undefined, FRIDAY_EVENING).some((f) => f.id === 'freezeWindow'), 'still production');
  });

  it('a saved draft whose environment the team no longer lists cannot be submitted', () => {
    const store = memento();
    session(store, ['staging', 'prod-eu']).dispatch({ type: 'setEnvironment', environment: 'prod-eu' });
    const renamed = session(store, ['staging', 'production']);
    assert.equal(renamed.state.environment, 'prod-eu');
    assert.ok(renamed.problems(renamed.riskFlags(undefined, TUESDAY)).some((p) => /^The environment "prod-eu" is not one of the configured environments \(staging, production\)/.test(p)));
  });

  it('refuses answers to questions the checklist does not have, so they never reach the saved draft', () => {
    const store = memento();
    const s = session(store);
    assert.match(s.dispatch({ type: 'setAnswer', id: '__proto__', value: 'x' }) ?? '', /no question "__proto__"/);
    assert.match(s.dispatch({ type: 'setEvidence', id: 'x'.repeat(100_000), evidence: 'y' }) ?? '', /no question "x{80}"/);
    assert.equal(s.dispatch({ type: 'setAnswer', id: 'problem', value: 'Sessions never end' }), undefined);
    assert.deepEqual(Object.keys(s.state.answers), ['problem']);
    assert.ok(JSON.stringify(store.get(store.keys()[0])).length < 2_000, 'the saved draft holds no forged answer');
  });
});
