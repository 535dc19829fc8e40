import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { scrubDeep, scrubSecrets } from '../../../../src/core/notes/noteDocument';

// scrubDeep walks a note with loops instead of Object.entries pairs: it must give what the plain
// definition gives (every string scrubbed, the shape kept, a "__proto__" key kept as a key).
function reference(value: unknown): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (Array.isArray(value)) return value.map(reference);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reference(v)]));
}

describe('scrubDeep', () => {
  it('equals the plain definition on any JSON, secrets and odd keys included', () => {
    const secretish = fc.constantFrom('Bearer abc.def.ghi', 'https://user:hunter2@example.com/x', 'see ?token=s3cr3t&x=1', 'https://hooks.slack.com/services/T000/B000/XXXX', 'plain text');
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, secretish, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const got = scrubDeep(value);
        assert.deepStrictEqual(got, reference(value));
        assert.equal(JSON.stringify(got), JSON.stringify(reference(value)));
      }),
      { numRuns: 500 },
    );
  });
});
