import * as assert from 'node:assert/strict';
import type { DeploymentNote, Digest } from '../../../../src/core/notes/noteSchema';
import { renderEmail } from '../../../../src/core/notes/renderEmail';
import { markdownParagraph, markdownText, renderMarkdown } from '../../../../src/core/notes/renderMarkdown';
import { SLACK_LIMITS, renderSlack, slackText } from '../../../../src/core/notes/renderSlack';
import { TEAMS_MAX_BYTES, renderTeams, teamsText } from '../../../../src/core/notes/renderTeams';
import { renderWebhook } from '../../../../src/core/notes/renderWebhook';
import { sampleDigest, sampleNote } from '../../../fixtures/notes/sampleNotes';

// Hostile text in every user-written field, through every renderer: nothing may become markup,
// a ping, a link, a header or HTML, limits hold for very long text, and credentials are masked.

const HOSTILE = '<script>alert(1)</script> AT&T <!channel> <!here> <@U024BE7LH> <http://evil.example|click me> *bold* _it_ ~gone~ `code` | a | b |\r\nBcc: evil@example.com\n# heading [link](http://evil.example) ![img](http://evil.example/x.png)';
const SECRETS = 'curl -H "Authorization: Bearer abcdefghijkl0123456789" https://deploy:hunter2pass@ci.example.com/run?token=tok_0123456789abcdef';
const LONG = `${'very long text '.repeat(700)}END`;

function hostileNote(): DeploymentNote {
  const note = sampleNote();
  const change = { ...note.changes[0], title: `${HOSTILE}\n${LONG}`, description: `${HOSTILE}\n\n# Heading paragraph\n\n1. list\n\n${LONG}`, userImpact: HOSTILE, rollbackPlan: SECRETS, escalation: HOSTILE, author: HOSTILE, tickets: ['<!channel>', 'PROJ-1|x'] };
  return { ...note, by: HOSTILE, repository: HOSTILE, changes: [change, ...note.changes], unrecorded: [{ ...note.unrecorded[0], subject: HOSTILE, author: HOSTILE }], problems: [HOSTILE] };
}

function hostileDigest(): Digest {
  const digest = sampleDigest();
  return { ...digest, groups: [{ system: HOSTILE, items: [{ ...digest.groups[0].items[0], title: HOSTILE, detail: SECRETS, tickets: ['<!channel>'] }] }, ...digest.groups] };
}

/** Every string in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const cases = [['note', hostileNote], ['digest', hostileDigest]] as const;

describe('escaping hostile text', () => {
  for (const [kind, make] of cases) {
    it(`Markdown (${kind}): no HTML, link, image, table, heading or emphasis from user text; secrets masked`, () => {
      const md = renderMarkdown(make());
      assert.ok(!md.includes('<script>') && md.includes('\\<script\\>'));
      assert.ok(!/(?<!\\)<!channel>/.test(md));
      assert.ok(md.includes('\\*bold\\*') && md.includes('\\_it\\_') && md.includes('\\~gone\\~') && md.includes('\\`code\\`'));
      assert.ok(md.includes('\\| a \\| b \\|'));
      assert.ok(!/(?<!\\)\[link\]/.test(md) && !/(?<!\\)!\[img\]/.test(md));
      assert.ok(!md.includes('hunter2pass') && !md.includes('abcdefghijkl0123456789') && !md.includes('tok_0123456789abcdef'), 'credentials masked');
      assert.ok(!md.includes('\r'), 'no carriage return survives');
      if (kind === 'note') assert.ok(md.includes('\n\\# Heading paragraph\n') && md.includes('\n1\\. list\n'), 'paragraphs cannot become headings or lists');
      for (const line of md.split('\n')) assert.ok(!/^(#{1,6} heading|#{1,6} Heading paragraph|Bcc:|1\. list)/.test(line), `user text began a line: ${line}`);
    });

    it(`Slack (${kind}): & < > as entities so nothing pings or links; Block Kit limits hold`, () => {
      const message = renderSlack(make());
      assert.ok(message.blocks.length <= SLACK_LIMITS.blocks);
      for (const block of message.blocks) {
        const texts = 'text' in block ? [block.text.text] : 'elements' in block ? block.elements.map((e) => e.text) : [];
        for (const text of texts) {
          assert.ok(Array.from(text).length <= (block.type === 'header' ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText), `${block.type} too long`);
          if (block.type === 'header') continue;
          assert.ok(!/[<>]/.test(text), `raw < or > in mrkdwn: ${text.slice(0, 80)}`);
          assert.ok(!/&(?!amp;|lt;|gt;)/.test(text), 'a bare & in mrkdwn');
        }
      }
      const all = JSON.stringify(message);
      assert.ok(all.includes('&lt;!channel&gt;') && all.includes('&lt;@U024BE7LH&gt;') && all.includes('AT&amp;T'));
      assert.ok(!all.includes('hunter2pass') && !all.includes('abcdefghijkl0123456789'));
      assert.ok(!/[<>]/.test(message.text) && Array.from(message.text).length <= SLACK_LIMITS.fallbackText);
    });

    it(`Teams (${kind}): no Markdown link, list or size beyond the card's limits`, () => {
      const message = renderTeams(make());
      const body = message.attachments[0].content.body;
      const texts = strings(body);
      for (const text of texts) {
        assert.ok(!/\]\(/.test(text), `a Markdown link survived: ${text.slice(0, 80)}`);
        assert.ok(!/^\s*([-*+]|\d+\.)\s/m.test(text), `a line would become a list: ${text.slice(0, 80)}`);
      }
      assert.ok(Buffer.byteLength(JSON.stringify(message)) <= TEAMS_MAX_BYTES);
      assert.ok(!JSON.stringify(message).includes('hunter2pass'));
    });

    it(`e-mail (${kind}): the HTML is escaped, the subject has no line break, the mailto link is encoded and short`, () => {
      const email = renderEmail(make(), { to: ['support@example.com', 'evil@example.com?bcc=x@example.com'] });
      assert.ok(!email.html.includes('<script>') && email.html.includes('&lt;script&gt;'));
      assert.ok(!/[\r\n]/.test(email.subject));
      assert.ok(!/[\s<>"]/.test(email.mailto), 'nothing unencoded in the link');
      assert.ok(email.mailto.length <= 2000);
      if (kind === 'note') assert.ok(email.cut, 'the long note was cut to fit the link');
      assert.match(email.mailto, /^mailto:support@example\.com,evil@example\.com%3Fbcc%3Dx@example\.com\?subject=/, 'an address cannot add header fields');
      assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(email.text), 'CRLF line ends only');
      assert.ok(!email.text.includes('hunter2pass'));
    });

    it(`webhook (${kind}): valid JSON whose strings carry no credential`, () => {
      const payload = JSON.parse(JSON.stringify(renderWebhook(make())));
      const all = strings(payload).join('\n');
      assert.ok(!all.includes('hunter2pass') && !all.includes('abcdefghijkl0123456789') && !all.includes('tok_0123456789abcdef'));
      assert.ok(all.includes('<script>'), 'JSON carries the text as it was: the receiver escapes for its own format');
    });
  }

  it('the escapers one by one', () => {
    assert.equal(slackText('a & b < c > d\n\ne'), 'a &amp; b &lt; c &gt; d e');
    assert.equal(slackText('&&&&', 6), '&amp;…', 'a cut never splits an entity');
    assert.equal(markdownText('a | b *c* <d>'), 'a \\| b \\*c\\* \\<d\\>');
    assert.equal(markdownParagraph('# title'), '\\# title');
    assert.equal(markdownParagraph('12. item'), '12\\. item');
    assert.equal(markdownParagraph('- item'), '\\- item');
    assert.equal(teamsText('[x](http://e.example)'), '[x]\u200b(http://e.example)');
    assert.equal(teamsText('- item'), '\u200b- item');
    assert.equal(Array.from(teamsText('😀'.repeat(50), 10)).length, 10, 'a cut never splits an emoji');
  });
});
