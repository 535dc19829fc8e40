import * as assert from 'node:assert/strict';
import { whatChangedMarkdown, whatChangedText } from '../../../../src/core/incidents/renderWhatChanged';
import type { WhatChanged } from '../../../../src/core/incidents/whatChangedTypes';

const answer: WhatChanged = { environment: 'production', at: '2026-11-30T05:10:00.000Z', since: '2026-11-29T23:30:00.000Z', basis: 'records', deployments: [], suspects: [], problems: [] };

describe('what changed: the header shows the time in the zone --at was read in, and in UTC', () => {
  it('shows the team zone first and UTC beside it, with the UTC date when it differs', () => {
    const text = whatChangedText(answer, { timeZone: 'Europe/Madrid' });
    assert.match(text.split('\n')[0], /^What changed on production before 2026-11-30 06:10 Europe\/Madrid = 05:10 UTC \(since 2026-11-30 00:30 Europe\/Madrid = 2026-11-29 23:30 UTC\)/);
    const md = whatChangedMarkdown(answer, { timeZone: 'America/Sao_Paulo' });
    assert.match(md, /^## What changed on production before 2026-11-30 02:10 America\/Sao\\?_Paulo = 05:10 UTC/);
  });

  it('shows UTC alone when no zone is given or the zone is UTC', () => {
    assert.match(whatChangedText(answer), /before 2026-11-30 05:10 UTC \(since 2026-11-29 23:30 UTC\)/);
    assert.match(whatChangedText(answer, { timeZone: 'UTC' }), /before 2026-11-30 05:10 UTC \(since/);
  });
});
