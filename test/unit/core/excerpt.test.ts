import * as assert from 'node:assert/strict';
import { excerpt } from '../../../src/core/log';
import { escapeMarkdown } from '../../../src/core/records/recordSummary';

// Scrub before you shorten: an error excerpt cut to 200 characters before the URL in it was
// scrubbed leaked 15 of 21 characters of a webhook token. For random secrets in random text at
// random places, cut at random lengths, no excerpt may hold 4 consecutive characters of the secret.

/** A seeded generator, so a failure names a case that can be run again. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Secrets from upper-case letters and digits, filler from lower case and punctuation: a window of
// the secret can only come from the secret itself.
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const FILLER_CHARS = 'abcdefghijklmnopqrstuvwxyz     .,:;()-\n';

const placements: readonly [string, (secret: string) => string, boolean][] = [
  ['a URL the caller names', (s) => `https://hooks.example.com/hook/${s}?x=1`, true],
  ['a Bearer header', (s) => `authorization: Bearer ${s}`, false],
  ['a token= parameter', (s) => `https://api.example.com/v1?token=${s}&page=2`, false],
  ['a sig= parameter', (s) => `invoke?api-version=2016-06-01&sig=${s}`, false],
  ['user:password@ in a URL', (s) => `https://deploy:${s}@ci.example.com/run`, false],
  ['a Slack webhook path', (s) => `https://hooks.slack.com/services/T01/B02/${s}`, false],
  ['a whsec_ key', (s) => `signing with whsec_${s}`, false],
];

function windows(secret: string): string[] {
  return Array.from({ length: secret.length - 3 }, (_, i) => secret.slice(i, i + 4));
}

describe('excerpt: scrub before you shorten', () => {
  for (const [name, place, named] of placements) {
    it(`never shows 4 consecutive characters of a secret in ${name}, wherever the cut falls`, () => {
      const random = mulberry32(name.length * 7919);
      const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
      for (let run = 0; run < 400; run++) {
        const secret = pick(SECRET_CHARS, 12 + Math.floor(random() * 40));
        const embedded = place(secret);
        const before = pick(FILLER_CHARS, Math.floor(random() * 300));
        const after = pick(FILLER_CHARS, Math.floor(random() * 300));
        const text = `${before}${embedded}${after}`;
        // Every cut that could split the secret, and some random ones.
        const at = before.length + embedded.indexOf(secret);
        const max = run % 2 === 0 ? at + 1 + Math.floor(random() * secret.length) : 1 + Math.floor(random() * (text.length + 10));
        const out = excerpt(text, max, named ? [embedded.slice(0, embedded.indexOf('?'))] : []);
        assert.ok(Array.from(out).length <= max, `longer than ${max}`);
        for (const w of windows(secret)) assert.ok(!out.includes(w), `run ${run}: "${w}" of the secret in ${JSON.stringify(out)}`);
      }
    });
  }

  it('escapeMarkdown (ticket comments, hovers) masks before it cuts, too', () => {
    const random = mulberry32(42);
    const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
    for (const [name, place, named] of placements) {
      if (named) continue;
      for (let run = 0; run < 200; run++) {
        const secret = pick(SECRET_CHARS, 12 + Math.floor(random() * 30));
        const before = pick(FILLER_CHARS, Math.floor(random() * 200));
        const text = `${before}${place(secret)} done`;
        const max = 2 + Math.floor(random() * (text.length + 5));
        const out = escapeMarkdown(text, max).replace(/\\/g, '');
        for (const w of windows(secret)) assert.ok(!out.includes(w), `${name}, run ${run}: "${w}" of the secret in ${JSON.stringify(out)}`);
      }
    }
  });

  it('keeps ordinary text and cuts on code points', () => {
    assert.equal(excerpt('exit code=1 after 3 tries', 100), 'exit code=1 after 3 tries');
    assert.equal(excerpt('a  b\n\nc', 100), 'a b c');
    assert.equal(excerpt('😀😀😀😀', 3), '😀😀…');
  });
});
