import * as assert from 'node:assert/strict';
import { typedToken } from '../../../../src/core/tickets/typedToken';

describe('typedToken on long lines', () => {
  it('answers a pasted 80,000-character line at once (a run of digits made it quadratic: 4 s)', () => {
    for (const line of [` v${'1'.repeat(80_000)}#`, ` v${'1'.repeat(80_000)}`, ` ${'a1'.repeat(40_000)}-`, ` x${'1'.repeat(80_000)}-12`]) {
      const start = process.hrtime.bigint();
      const token = typedToken(line, '@');
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.ok(ms < 200, `${line.slice(0, 8)}… took ${ms} ms`);
      assert.equal(token?.text, line.endsWith('#') ? undefined : line.slice(1), line.slice(0, 8));
    }
  });

  it('still reads the same tokens', () => {
    const cases: [string, string | undefined][] = [['Fix PROJ-12', 'PROJ-12'], ['Fix PROJ-', 'PROJ-'], ['Fix proj_x2', 'proj_x2'], ['Fix PROJ-1a', undefined], ['Fix PROJ--1', undefined], ['v2-3', 'v2-3']];
    for (const [prefix, expected] of cases) assert.equal(typedToken(prefix, '')?.text, expected, prefix);
  });
});
