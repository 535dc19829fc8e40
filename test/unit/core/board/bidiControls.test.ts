import * as assert from 'node:assert/strict';
import { scriptSafe } from '../../../../src/core/board/monthScript';
import { dataScript } from '../../../../src/core/board/writeBoard';
import { withoutBidiControls } from '../../../../src/board/shownText';

// Bidi overrides and isolates reorder what a person reads: on the board a rollback plan
// "run \u202erm -rf /\u202c safe" showed as "run / fr- mr safe". The notes drop them (safeText.ts);
// the board's data scripts and the documents the editor's panel gets as messages now do too.

const PLAN = 'run \u202erm -rf /\u202c safe \u2067isolated\u2069';
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

describe('board text: no bidi controls reach the page', () => {
  it('data scripts are written without them, and stay valid JSON that no text can break out of', () => {
    const json = scriptSafe(JSON.stringify({ rollbackPlan: PLAN, title: '</script>\u2028' }));
    assert.ok(!BIDI.test(json));
    assert.ok(!json.includes('</script>'));
    assert.deepEqual(JSON.parse(json), { rollbackPlan: 'run rm -rf / safe isolated', title: '</script>\u2028' });
    const script = dataScript({ kind: 'month', key: '2026-11', changes: [], deployments: [], title: PLAN } as never);
    assert.ok(!BIDI.test(script) && script.includes('run rm -rf / safe isolated'));
  });

  it("the panel's documents lose them in every string, nested or not", () => {
    const doc = { kind: 'month', changes: [{ title: PLAN, tickets: [{ key: `\u202eOPS-1` }], at: 1 }], n: null };
    assert.deepEqual(withoutBidiControls(doc), { kind: 'month', changes: [{ title: 'run rm -rf / safe isolated', tickets: [{ key: 'OPS-1' }], at: 1 }], n: null });
    assert.equal(withoutBidiControls('plain'), 'plain');
  });
});
