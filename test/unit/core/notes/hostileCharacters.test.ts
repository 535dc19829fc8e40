import * as assert from 'node:assert/strict';
import type { DeploymentNote, Digest } from '../../../../src/core/notes/noteSchema';
import { renderEmail } from '../../../../src/core/notes/renderEmail';
import { renderMarkdown } from '../../../../src/core/notes/renderMarkdown';
import { renderSlack } from '../../../../src/core/notes/renderSlack';
import { renderTeams } from '../../../../src/core/notes/renderTeams';
import { renderWebhook } from '../../../../src/core/notes/renderWebhook';
import { channelSafe, terminalSafe, wellFormed, withoutBroadcasts } from '../../../../src/core/notes/safeText';
import { sampleDigest, sampleNote } from '../../../fixtures/notes/sampleNotes';

// Characters a format cannot carry (lone UTF-16 surrogates), characters that reorder what a reader
// sees (bidi overrides), control characters, and words that ping a whole chat channel, in every
// user-written field, through every renderer.

const LONE = 'broken \ud83d pair and \udc00 low';
const BIDI = 'rollback: rm -rf \u202e/ tmp\u202c ok \u2066x\u2069';
const PINGS = '@channel @here @everyone <!channel> <!here> <!everyone> ＠channel';
const CONTROLS = 'bell\u0007 esc\u001b[31mred\u001b[0m nul\u0000 c1\u009b';
const HOSTILE = `${LONE} ${BIDI} ${PINGS} ${CONTROLS}`;
// Half an emoji at the 200th code unit of the summary: where the e-mail subject is cut.
const CUT_EMOJI = `${'x'.repeat(199)}😀 tail`;

function hostileNote(): DeploymentNote {
  const note = sampleNote();
  const change = { ...note.changes[0], title: `${CUT_EMOJI} ${HOSTILE}`, description: HOSTILE, rollbackPlan: HOSTILE, author: HOSTILE };
  return { ...note, environment: CUT_EMOJI, by: HOSTILE, changes: [change, ...note.changes], problems: [HOSTILE] };
}

function hostileDigest(): Digest {
  const digest = sampleDigest();
  return { ...digest, title: CUT_EMOJI, groups: [{ system: HOSTILE, items: [{ ...digest.groups[0].items[0], title: HOSTILE, detail: HOSTILE }] }, ...digest.groups] };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return [...Object.keys(value), ...Object.values(value).flatMap(strings)];
  return [];
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BIDI_CHARS = /[\u202a-\u202e\u2066-\u2069]/;
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const renderers = [
  ['Markdown', (c: DeploymentNote | Digest) => [renderMarkdown(c)]],
  ['Slack', (c: DeploymentNote | Digest) => strings(renderSlack(c))],
  ['Teams', (c: DeploymentNote | Digest) => strings(renderTeams(c))],
  ['e-mail', (c: DeploymentNote | Digest) => strings(renderEmail(c, { to: ['ops@example.com'] }))],
  ['webhook', (c: DeploymentNote | Digest) => strings(renderWebhook(c, { id: '01J0000000000000000000000A' }))],
] as const;

describe('characters no channel can carry or should obey', () => {
  for (const [kind, make] of [['note', hostileNote], ['digest', hostileDigest]] as const) {
    for (const [name, render] of renderers) {
      it(`${name} (${kind}): accepts lone surrogates, drops bidi overrides and control characters`, () => {
        const out = render(make());
        for (const text of out) {
          assert.ok(!LONE_SURROGATE.test(text), `a lone surrogate survived: ${JSON.stringify(text.slice(0, 60))}`);
          assert.ok(!BIDI_CHARS.test(text), `a bidi override survived: ${JSON.stringify(text.slice(0, 60))}`);
          assert.ok(!CONTROL_CHARS.test(text), `a control character survived: ${JSON.stringify(text.slice(0, 60))}`);
          assert.doesNotThrow(() => encodeURIComponent(text));
        }
      });
    }
  }

  it('Slack and Teams: no bare @channel, @here or @everyone; no <!channel> markup for Slack', () => {
    for (const [service, message] of [['slack', renderSlack(hostileNote())], ['teams', renderTeams(hostileNote())], ['slack', renderSlack(hostileDigest())], ['teams', renderTeams(hostileDigest())]] as const) {
      const all = strings(message).join('\n');
      assert.ok(all.includes('\u2060channel'), 'the word is still shown');
      assert.ok(!/[@＠](channel|here|everyone)\b/i.test(all), `a broadcast mention survived (${service})`);
      // Teams reads no <!...> markup (its mentions need <at> plus msteams.entities, which we never send).
      if (service === 'slack') assert.ok(!/<!(channel|here|everyone)>/.test(all), 'Slack broadcast markup survived');
    }
  });

  it('the helpers one by one', () => {
    assert.equal(wellFormed('a\ud800b\udfffc😀'), 'a\ufffdb\ufffdc😀');
    assert.equal(channelSafe('x\u202eevil\u202cy\r\nz\u0007'), 'xevily\r\nz');
    assert.equal(withoutBroadcasts('hi @here and @Channel, mail a@channel.example'), 'hi @\u2060here and @\u2060Channel, mail a@\u2060channel.example');
    assert.equal(terminalSafe('ok\u001b]0;title\u0007 \u001b[2J done\ttab\nline'), 'ok]0;title [2J done\ttab\nline');
  });
});
