import * as assert from 'node:assert/strict';
import { suggestTeamConfig } from '../../../../src/core/checklist/configSuggestion';

describe('suggestTeamConfig (walkthrough: team config from history and paths)', () => {
  it('suggests the most used ticket projects and the folders under the source roots', () => {
    const subjects = ['PROJ-1: one', 'PROJ-2: two', 'OPS-7: fix', 'feature/PROJ-3-x', 'Merge branch main', 'ABC-1 and PROJ-4'];
    const files = ['README.md', 'src/auth/login.ts', 'src/auth/timeout.ts', 'src/billing/invoice.ts', 'src/index.ts', 'docs/a.md', 'packages/ui/x.ts', 'src/.hidden/x'];
    const s = suggestTeamConfig(subjects, files);
    assert.deepEqual(s.projects, ['PROJ', 'ABC', 'OPS']);
    assert.deepEqual(s.systems, [
      { name: 'ui', paths: ['packages/ui/**'] },
      { name: 'auth', paths: ['src/auth/**'] },
      { name: 'billing', paths: ['src/billing/**'] },
    ]);
  });

  it('suggests nothing for a repository without tickets or source folders', () => {
    assert.deepEqual(suggestTeamConfig(['Initial commit'], ['README.md']), { projects: [], systems: [] });
  });

  it('stays linear on a long subject without a ticket', () => {
    const s = suggestTeamConfig([`${'A'.repeat(200_000)}-`], []);
    assert.deepEqual(s.projects, []);
  });
});
