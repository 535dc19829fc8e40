import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelContent } from '../../../../src/core/notes/noteSchema';
import { renderEmail } from '../../../../src/core/notes/renderEmail';
import { renderMarkdown } from '../../../../src/core/notes/renderMarkdown';
import { renderSlack } from '../../../../src/core/notes/renderSlack';
import { renderTeams } from '../../../../src/core/notes/renderTeams';
import { renderWebhook } from '../../../../src/core/notes/renderWebhook';
import { sampleDigest, sampleNote } from '../../../fixtures/notes/sampleNotes';
import { projectRoot } from '../../../helpers/projectRoot';

// Each channel's rendering of a fixed note and digest, compared with the files in
// test/fixtures/notes. After an intended change, regenerate them with
//   UPDATE_GOLDEN=1 node test/harness/runUnit.mjs
// and review the diff; without the variable the test only compares.

const dir = join(projectRoot(), 'test', 'fixtures', 'notes');
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const path = join(dir, name);
  if (update) writeFileSync(path, actual);
  assert.ok(existsSync(path), `${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 regenerates it)`);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const renderings: [string, (content: ChannelContent) => string][] = [
  ['md', (c) => renderMarkdown(c)],
  ['slack.json', (c) => json(renderSlack(c))],
  ['teams.json', (c) => json(renderTeams(c))],
  ['webhook.json', (c) => json(renderWebhook(c, { id: '01JP6Q0000000000000000DPY1' }))],
  ['email.txt', (c) => `${renderEmail(c, { to: ['support@example.com'] }).text.replace(/\r\n/g, '\n')}\n`],
  ['email.html', (c) => renderEmail(c).html],
  ['mailto.txt', (c) => `${renderEmail(c, { to: ['support@example.com'], cc: ['oncall@example.com'] }).mailto}\n`],
];

describe('note and digest renderings (golden files)', () => {
  for (const [kind, make] of [['deployment', sampleNote], ['digest', sampleDigest]] as const) {
    for (const [extension, render] of renderings) {
      it(`${kind}.golden.${extension}`, () => golden(`${kind}.golden.${extension}`, render(make())));
    }
  }

  it('the fixed note and digest are what the golden files describe', () => {
    const note = sampleNote();
    assert.deepEqual(note.changes.map((c) => [c.title, c.matchedBy]), [['Login timeout shortened to 5 minutes', 'commit'], ['Fail fast when REDIS_URL is missing', 'ticket']]);
    assert.deepEqual(note.unrecorded.map((c) => c.subject), ['Try stricter password rules']);
    assert.equal(note.risk.level, 'critical');
    assert.ok(note.risk.freeze && note.risk.freezeOverride, 'inside the freeze, with an override');
    const digest = sampleDigest();
    assert.deepEqual(digest.groups.map((g) => g.system), ['Platform', 'Login', 'Other']);
  });
});
