import * as assert from 'node:assert/strict';
import { formatProblem } from '../../../../src/core/config/configProblem';
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
    const text = '{\n  "tickets": {\n    "projects": ["PROJ",]\n  }\n}\n';
    const { config, problems } = parseTeamConfig(text, FILE);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 3);
    assert.match(formatProblem(problems[0]), /^\.changetrail\/config\.json:3: not valid JSON/);
    assert.deepEqual(config, defaultTeamConfig());
  });

  it('names the field of a wrong type and keeps the valid fields', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ tickets: { projects: ['PROJ'], requireOnCommit: 'yes' } }), FILE);
    assert.deepEqual(problems.map(formatProblem), ['.changetrail/config.json: tickets.requireOnCommit: expected boolean, got string']);
    assert.equal(config.tickets.requireOnCommit, true, 'falls back to the default');
    assert.deepEqual(config.tickets.projects, ['PROJ'], 'the valid sibling survives');
  });

  it('names an unknown key, even a nested one', () => {
    const { config, problems } = parseTeamConfig(JSON.stringify({ tickets: { projcts: ['X'] }, colour: 'red' }), FILE);
    const lines = problems.map(formatProblem).sort();
    assert.deepEqual(lines, [
      '.changetrail/config.json: colour: unknown key (remove it or check its spelling)',
      '.changetrail/config.json: tickets.projcts: unknown key (remove it or check its spelling)',
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
    assert.equal(problems[0].message, 'not a valid regular expression');
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

describe('JSON syntax errors', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { findJsonSyntaxError } = require('../../../../src/core/config/jsonSyntaxError') as typeof import('../../../../src/core/config/jsonSyntaxError');
  const cases: [string, number, RegExp][] = [
    ['{"a": 1,}', 1, /trailing comma/],
    ['{\n "a": 1\n "b": 2\n}', 3, /missing comma/],
    ['{\n  // note\n  "a": 1\n}', 2, /comments are not allowed/],
    ["{'a': 1}", 1, /expected a "key"/],
    ['{"a": [1, 2', 1, /unexpected end of file/],
    ['{"a": "line\nbreak"}', 1, /control character/],
    ['{"a": tru}', 1, /unexpected/],
    ['{} {}', 1, /after the end/],
  ];
  for (const [text, line, message] of cases) {
    it(`${JSON.stringify(text)} -> line ${line}`, () => {
      assert.throws(() => JSON.parse(text));
      const found = findJsonSyntaxError(text);
      assert.ok(found, 'an error was expected');
      assert.equal(found.line, line);
      assert.match(found.message, message);
    });
  }
  it('accepts valid JSON of every kind', () => {
    assert.equal(findJsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "x\\"y"], "b": {}}'), undefined);
  });
});
