import * as assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';

// What the CLI prints comes from commit subjects, records and receivers' answers: nothing in them
// may drive the terminal (escape sequences, other control characters) or reorder a line (bidi).

describe('CLI output is safe for a terminal', () => {
  it('removes escape sequences, control characters and bidi overrides from everything printed', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['note', '--env', 'production', '--colour\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u202eevil'], { cwd: process.cwd(), out: (l) => void out.push(l), err: (l) => void err.push(l) });
    assert.equal(code, 2);
    const all = [...out, ...err].join('\n');
    assert.match(all, /unknown option "--colour\]52;c;ZXZpbA==\[2Jevil"/, 'the text stays, the control characters go');
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(all), JSON.stringify(all));
  });

  it('keeps newlines and tabs', async () => {
    const out: string[] = [];
    await main(['--help'], { cwd: process.cwd(), out: (l) => void out.push(l), err: () => undefined });
    assert.match(out.join('\n'), /Usage: changetrail <command> \[options\]\n\n {2}check/);
  });
});
