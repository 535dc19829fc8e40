import * as assert from 'node:assert/strict';
import { formatProblem, isBroken } from '../../../../src/core/config/configProblem';
import { isJsoncSyntaxError, parseJsonc } from '../../../../src/core/config/jsoncText';
import { MAX_PATTERN_MATCHES, compileTeamPattern, nestedQuantifier } from '../../../../src/core/config/teamPattern';
import { matchesPathGlob } from '../../../../src/core/checklist/pathGlob';
import { matchesBranchGlob } from '../../../../src/core/git/branchGlob';
import { exemptionFor } from '../../../../src/core/tickets/commitMessage';
import { findTickets } from '../../../../src/core/tickets/ticketRefs';
import { loadTeamConfig, parseTeamConfig } from '../../../../src/core/config/loadTeamConfig';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { createTestRepo } from '../../../helpers/createTestRepo';

const FILE = '.changetrail/config.json';

describe('team config', () => {
  it('gives the defaults for an empty object', () => {
    const { config, problems } = parseTeamConfig('{}', FILE);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, defaultTeamConfig());
    assert.equal(config.tickets.requireOnCommit, true);
    assert.deepEqual(config.branches.defaultBranches, ['main', 'master', 'develop', 'trunk']);
  });

  it('keeps what the file sets and fills the rest with defaults', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ tickets: { projects: ['PROJ', 'OPS'], urlTemplate: 'https://x/browse/{ticket}' } }), FILE);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.tickets.projects, ['PROJ', 'OPS']);
    assert.equal(config.tickets.urlTemplate, 'https://x/browse/{ticket}');
    assert.equal(config.tickets.commitFormat, '{ticket}: {message}');
    assert.equal(config.branches.maxLength, 60);
  });

  it('names the line of a JSON syntax error', () => {
    const text = '{\n  "tickets": {\n    "projects": ["PROJ" "OPS"]\n  }\n}\n';
    const { config, problems } = parseTeamConfig(text, FILE);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 3);
    assert.match(formatProblem(problems[0]), /^\.changetrail\/config\.json:3: not valid JSON/);
    assert.deepEqual(config, defaultTeamConfig());
  });

  it('names the field of a wrong type and keeps the valid fields', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ tickets: { projects: ['PROJ'], requireOnCommit: 'yes' } }), FILE);
    assert.deepEqual(problems.map(formatProblem), ['.changetrail/config.json:1: tickets.requireOnCommit: expected boolean, got string']);
    assert.equal(config.tickets.requireOnCommit, true, 'falls back to the default');
    assert.deepEqual(config.tickets.projects, ['PROJ'], 'the valid sibling survives');
  });

  it('names an unknown key, even a nested one', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ tickets: { projcts: ['X'] }, colour: 'red' }), FILE);
    const lines = problems.map(formatProblem).sort();
    assert.deepEqual(lines, [
      '.changetrail/config.json:1: colour: unknown key (remove it or check its spelling)',
      '.changetrail/config.json:1: tickets.projcts: unknown key (remove it or check its spelling)',
    ]);
    assert.deepEqual(config, defaultTeamConfig());
  });

  it('names the element of a bad array and drops that array', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ tickets: { projects: ['PROJ', 'bad key'] } }), FILE);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].field, 'tickets.projects[1]');
    assert.match(problems[0].message, /project key/);
    assert.deepEqual(config.tickets.projects, []);
  });

  it('rejects a pattern that is not a regular expression', () => {
    const { problems } = parseTeamConfig(JSON.stringify({ tickets: { patterns: ['(unclosed'] } }), FILE);
    assert.equal(problems[0].field, 'tickets.patterns[0]');
    assert.match(problems[0].message, /^not a valid regular expression/);
  });

  it('rejects a top level that is not an object, and an unsupported version', () => {
    assert.equal(parseTeamConfig('[1,2]', FILE).problems[0].message, 'must be a JSON object ({ ... })');
    const { problems } = parseTeamConfig('{"version": 2}', FILE);
    assert.equal(problems[0].field, 'version');
    assert.match(problems[0].message, /expected one of 1/);
  });

  it('reads a byte-order mark without complaint', () => {
    assert.deepEqual(parseTeamConfig('\uFEFF{"tickets":{"projects":["A1"]}}', FILE).problems, []);
  });

  describe('loadTeamConfig (real files)', () => {
    it('answers defaults, not found, for a repository without the file', async () => {
      const repo = createTestRepo();
      try {
        const result = await loadTeamConfig(repo.path);
        assert.equal(result.found, false);
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.config, defaultTeamConfig());
      } finally {
        repo.dispose();
      }
    });

    it('reads the committed file', async () => {
      const repo = createTestRepo();
      try {
        repo.commit('Add policy', { [FILE]: JSON.stringify({ tickets: { projects: ['OPS'] } }) });
        const result = await loadTeamConfig(repo.path);
        assert.equal(result.found, true);
        assert.deepEqual(result.config.tickets.projects, ['OPS']);
      } finally {
        repo.dispose();
      }
    });
  });
});

describe('JSONC syntax errors', () => {
  const cases: [string, number, RegExp][] = [
    ['{\n "a": 1\n "b": 2\n}', 3, /missing comma/],
    ["{'a': 1}", 1, /double quotes|expected a "key"/],
    ['{"a": [1, 2', 1, /end of file|expected/],
    ['{"a": "line\nbreak"}', 1, /control character|unterminated/],
    ['{"a": tru}', 1, /unexpected|expected a value/],
    ['{} {}', 1, /after the end/],
    ['{\n  /* open\n  "a": 1\n}', 2, /comment|expected/],
  ];
  for (const [text, line, message] of cases) {
    it(`${JSON.stringify(text)} -> line ${line}`, () => {
      const result = parseJsonc(text);
      assert.ok(isJsoncSyntaxError(result), 'an error was expected');
      assert.equal(result.line, line);
      assert.match(result.message, message);
    });
  }
  it('accepts valid JSON of every kind', () => {
    assert.equal(isJsoncSyntaxError(parseJsonc('{"a": [1, -2.5e3, true, false, null, "x\\"y"], "b": {}}')), false);
  });
});

describe('team config as JSONC (comments, trailing commas, field lines)', () => {
  // Users write JSONC (VS Code's settings.json style); plain JSON.parse refused this file.
  const jsonc = '{\n  // our policy\n  "tickets": {\n    /* projects */ "projects": ["PROJ", "OPS",],\n    "requireOnCommit": true,\n  },\n}\n';

  it('reads comments and trailing commas without a problem', () => {
    const { config, problems } = parseTeamConfig(jsonc, FILE);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.tickets.projects, ['PROJ', 'OPS']);
  });

  it('gives every field error the line of its field', () => {
    const text = '{\n  // c\n  "tickets": {\n    "projects": ["PROJ"],\n\n    "requireOnCommit": "yes",\n    "exemptions": { "merges": 1, "nope": true }\n  },\n  "typo": 1\n}\n';
    const lines = parseTeamConfig(text, FILE).problems.map(formatProblem).sort();
    assert.deepEqual(lines, [
      '.changetrail/config.json:6: tickets.requireOnCommit: expected boolean, got string',
      '.changetrail/config.json:7: tickets.exemptions.merges: expected boolean, got number',
      '.changetrail/config.json:7: tickets.exemptions.nope: unknown key (remove it or check its spelling)',
      '.changetrail/config.json:9: typo: unknown key (remove it or check its spelling)',
    ]);
  });

  it('names the line of a bad array element', () => {
    const { problems } = parseTeamConfig('{\n"tickets": {\n"projects": [\n"PROJ",\n"bad key"\n]\n}\n}', FILE);
    assert.equal(problems[0].field, 'tickets.projects[1]');
    assert.equal(problems[0].line, 5);
  });
});

describe('team patterns run in linear time', () => {
  it('refuses what RE2 cannot run (lookaround, backreferences), naming the field and line', () => {
    const text = '{\n  "tickets": {\n    "patterns": ["(?<=x)y"],\n    "exemptions": { "messagePatterns": ["^(a)\\\\1"] }\n  }\n}';
    const problems = parseTeamConfig(text, FILE).problems;
    assert.deepEqual(problems.map((p) => [p.field, p.line]), [['tickets.patterns[0]', 3], ['tickets.exemptions.messagePatterns[0]', 4]]);
    assert.ok(problems.every((p) => /linear time/.test(p.message) && p.severity === undefined));
    assert.equal(isBroken(problems), true);
  });

  it('warns about (a+)+$-style nesting with field and line, keeps the pattern, and the policy is not broken', () => {
    const text = '{\n  "tickets": {\n    "patterns": ["TK-(a+)+$"],\n    "exemptions": { "messagePatterns": ["^(\\\\w*\\\\s?)*:"] }\n  }\n}';
    const { config, problems } = parseTeamConfig(text, FILE);
    assert.deepEqual(problems.map((p) => [p.field, p.line, p.severity]), [
      ['tickets.patterns[0]', 3, 'warning'],
      ['tickets.exemptions.messagePatterns[0]', 4, 'warning'],
    ]);
    assert.match(formatProblem(problems[0]), /^\.changetrail\/config\.json:3: tickets\.patterns\[0\]: warning: "\(a\+\)\+" repeats a group.*e\.g\. "a\+"/);
    assert.equal(isBroken(problems), false);
    assert.deepEqual(config.tickets.patterns, ['TK-(a+)+$']);
  });

  it('finds the nesting only where there is some', () => {
    for (const bad of ['(a+)+', '(a*)*b', '(?:x|y+){2,}', '((ab)*c)+', '([a-z]+\\d?)*$']) assert.ok(nestedQuantifier(bad), bad);
    for (const fine of ['^(chore|build)\\(deps\\):', 'a+b+', '(ab)+', '[(a+)]+', '\\(a+\\)+', '(a+){1,3}', 'JIRA-(\\d+)']) assert.equal(nestedQuantifier(fine), undefined, fine);
  });

  // On the old code (new RegExp per pattern) each of these took exponential time: 2^40 steps.
  it('a hostile ticket pattern and exemption settle at once on a long message', () => {
    const subject = `${'a'.repeat(40)}!`;
    const long = `${'a'.repeat(200_000)}!`;
    const syntax = { projects: [], patterns: ['^(a+)+$'] };
    assert.deepEqual(findTickets(subject, syntax), []);
    assert.deepEqual(findTickets(long, syntax), []);
    const policy = { ...defaultTeamConfig().tickets.exemptions, messagePatterns: ['^(a|aa)+$'] };
    assert.equal(exemptionFor(subject, {}, policy), undefined);
    assert.equal(exemptionFor('aaaa', {}, policy), 'subject matches exemption /^(a|aa)+$/');
  });

  // Review finding: the author exemption read "Name <email>" with /^(.*?)\s*<([^>]*)>\s*$/, which
  // backtracks on a name of many spaces (3 s at 100,000); the author is whoever wrote the commit.
  it('an exempt author is found in linear time, by name, e-mail or the whole ident', () => {
    const policy = { ...defaultTeamConfig().tickets.exemptions, authors: ['dependabot[bot]', 'bot@example.com'] };
    assert.equal(exemptionFor('Bump x', { author: 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>' }, policy), 'author dependabot[bot] is exempt');
    assert.equal(exemptionFor('Bump x', { author: 'Release Bot <bot@example.com>' }, policy), 'author bot@example.com is exempt');
    // The old expression needs minutes on these (quadratic: ~3 s at 100,000 spaces), past the suite's timeout.
    const hostile = `a${' '.repeat(1_000_000)}`;
    for (const author of [`${hostile}<`, `${hostile}b <x@y> z`, `${hostile}<x`]) assert.equal(exemptionFor('Bump x', { author }, policy), undefined);
  });

  it('branch globs with many stars are linear too', () => {
    const glob = `release/${'*a'.repeat(30)}*b`;
    assert.equal(matchesBranchGlob(`release/${'a'.repeat(200)}`, glob), false);
    assert.equal(matchesBranchGlob('release/a-b', 'release/*'), true);
    assert.equal(matchesBranchGlob('release', 'release/*'), false);
  });

  it('system path globs with many stars are linear too', () => {
    const glob = `src/${'*a'.repeat(30)}*b`;
    assert.equal(matchesPathGlob(`src/${'a'.repeat(3000)}`, glob), false);
    assert.equal(matchesPathGlob('src/billing/x.ts', 'src/**'), true);
  });

  it('custom pattern matches keep UTF-16 offsets after astral characters', () => {
    const text = '😀 done, see TK-42 and 🚀 TK-7';
    const refs = findTickets(text, { projects: ['NONE'], patterns: ['TK-(\\d+)'] });
    assert.deepEqual(refs.map((r) => [r.id, text.slice(r.index, r.index + r.length)]), [['42', 'TK-42'], ['7', 'TK-7']]);
  });

  it('reads at most a bounded number of matches of one pattern (so the total stays linear)', () => {
    const many = 'X-1 '.repeat(10_000);
    assert.equal(compileTeamPattern('X-\\d').matches(many).length, MAX_PATTERN_MATCHES);
  });
});

describe('editor association', () => {
  it('package.json opens .changetrail/config.json as JSONC and validates it with the generated schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../../package.json') as { contributes: { languages?: { id: string; filenamePatterns?: string[] }[]; jsonValidation: { fileMatch: string }[] } };
    const jsonc = pkg.contributes.languages?.find((l) => l.id === 'jsonc');
    assert.ok(jsonc?.filenamePatterns?.includes('**/.changetrail/config.json'));
    assert.ok(pkg.contributes.jsonValidation.some((j) => j.fileMatch === '**/.changetrail/config.json'));
  });
});
