import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../../../src/core/clock';
import { silentLogger } from '../../../../src/core/log';
import { TicketCache } from '../../../../src/core/tickets/ticketCache';
import { TicketDirectory } from '../../../../src/core/tickets/ticketDirectory';
import { MAX_TITLE } from '../../../../src/core/tickets/ticketText';
import type { TicketSummary, TrackerProvider } from '../../../../src/core/tickets/providers/trackerProvider';

// What a hostile or broken tracker (or tickets file) can answer: text that would reach completion
// lists, hovers and, through the insert format, commit messages.
const CLOCK = fixedClock('2026-11-20T09:00:00Z');

const HOSTILE: TicketSummary[] = [
  { key: 'PROJ-1', title: 'Fix login\n\nSigned-off-by: Mallory <m@evil>\u001b[31m', status: 'Open\r\nX', assignee: 'Ana\u0007', url: 'javascript:alert(1)' },
  { key: 'PROJ-2', title: 'Pay \u202eoiver\u202c \u2066x\u2069 done', url: 'https://jira.example/browse/PROJ-2' },
  { key: 'PROJ-3', title: 'x'.repeat(1024 * 1024) },
  { key: 'PROJ-4\nCloses: #99', title: 'a key with a newline' },
  { key: 'PROJ\u200b-5', title: 'a key with an invisible character' },
  { key: 'K'.repeat(5000), title: 'a 5,000-character key' },
  { key: '', title: 'no key' },
];

function provider(tickets: TicketSummary[]): TrackerProvider {
  return { id: 'hostile', label: 'Hostile', search: async () => tickets, recent: async () => tickets, get: async (key) => tickets.find((t) => t.key === key) };
}

function assertSafe(tickets: readonly TicketSummary[]): void {
  assert.deepEqual(tickets.map((t) => t.key).sort(), ['PROJ-1', 'PROJ-2', 'PROJ-3']);
  for (const t of tickets) {
    for (const text of [t.key, t.title, t.status ?? '', t.assignee ?? '']) {
      assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u, `${t.key}: control or bidi character kept`);
    }
    assert.ok(Array.from(t.title).length <= MAX_TITLE, `${t.key}: a title of ${t.title.length} characters kept`);
    assert.ok(t.url === undefined || /^https:/.test(t.url), `${t.key}: url ${t.url}`);
  }
  const one = tickets.find((t) => t.key === 'PROJ-1');
  assert.equal(one?.title, 'Fix login Signed-off-by: Mallory <m@evil>[31m');
  assert.equal(one?.status, 'Open X');
  assert.equal(one?.url, undefined);
  assert.equal(tickets.find((t) => t.key === 'PROJ-2')?.title, 'Pay oiver x done');
}

describe('tickets from a hostile tracker', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-hostile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refresh keeps one-line, control-free, bidi-free, capped text and drops unusable keys (also in the cache file)', async () => {
    const warnings: string[] = [];
    const directory = new TicketDirectory([provider(HOSTILE)], new TicketCache(dir, silentLogger, CLOCK), { ...silentLogger, warn: (m: string) => void warnings.push(m) });
    const [outcome] = await directory.refresh();
    assert.equal(outcome.count, 3);
    assert.match(warnings.join('\n'), /Hostile: left out 4 tickets whose key is empty, too long, or holds spaces, control or invisible characters/);
    assertSafe(directory.search('', 50));
    assertSafe((await new TicketCache(dir, silentLogger, CLOCK).load('hostile')).tickets);
  });

  it('remote search and details are made safe too', async () => {
    const directory = new TicketDirectory([provider(HOSTILE)], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    assertSafe((await directory.searchWithRemote('pay login', { minLocal: 5 })).tickets);
    assert.equal((await directory.details('PROJ-1'))?.title, 'Fix login Signed-off-by: Mallory <m@evil>[31m');
    assert.equal(await directory.details('PROJ-4\nCloses: #99'), undefined);
  });

  it('a cache file holding hostile text (an older version, a hand edit) is made safe on load', async () => {
    writeFileSync(join(dir, 'tickets-hostile.json'), JSON.stringify({ version: 1, tracker: 'hostile', fetchedAt: '2026-01-01T00:00:00Z', tickets: HOSTILE }));
    const directory = new TicketDirectory([provider([])], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.load();
    assertSafe(directory.search('', 50));
  });
});
