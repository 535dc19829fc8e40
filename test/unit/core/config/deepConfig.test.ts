import * as assert from 'node:assert/strict';
import { MAX_JSONC_DEPTH, isJsoncSyntaxError, parseJsonc } from '../../../../src/core/config/jsoncText';
import { parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';
import { formatProblem, isUnreadable } from '../../../../src/core/config/configProblem';

// A team config nested 100,000 levels deep overflowed the parser's stack ("Maximum call stack size
// exceeded", exit 70). It is now a config problem like any other, naming the file and the place.

const nested = (levels: number, open = '[', close = ']') => `{"x": ${open.repeat(levels)}${close.repeat(levels)}}`;

describe('team config nested too deeply', () => {
  it('100,000 levels: one problem naming the file and line, the defaults apply', () => {
    const { config, problems } = parseTeamConfig(nested(100_000), '.changetrail/config.json');
    assert.equal(problems.length, 1);
    assert.equal(formatProblem(problems[0]), `.changetrail/config.json:1: nested too deeply (more than ${MAX_JSONC_DEPTH} levels of { and [) at column ${MAX_JSONC_DEPTH + 6}: not read`);
    assert.ok(isUnreadable(problems));
    assert.equal(config.tickets.requireOnCommit, true);
  });

  it('objects count as much as arrays', () => {
    const text = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const doc = parseJsonc(text);
    assert.ok(isJsoncSyntaxError(doc) && doc.tooDeep);
  });

  it('up to the limit parses; brackets in strings and comments do not count', () => {
    assert.ok(!isJsoncSyntaxError(parseJsonc(nested(MAX_JSONC_DEPTH - 1))));
    const quoted = `{"x": "${'['.repeat(1000)}", // ${'{'.repeat(1000)}\n /* ${'['.repeat(1000)} */ "y": "\\"${'{'.repeat(1000)}"}`;
    const doc = parseJsonc(quoted);
    assert.ok(!isJsoncSyntaxError(doc), JSON.stringify(doc).slice(0, 200));
  });

  it('a plain syntax error is still reported as one, not as unreadable', () => {
    const { problems } = parseTeamConfig('{ "tickets": ', '.changetrail/config.json');
    assert.match(problems[0].message, /^not valid JSON/);
    assert.ok(!isUnreadable(problems));
  });
});
