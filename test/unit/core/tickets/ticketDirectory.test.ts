import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../../../src/core/clock';
import { silentLogger } from '../../../../src/core/log';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { TicketCache, mergeTickets } from '../../../../src/core/tickets/ticketCache';
import { TicketDirectory } from '../../../../src/core/tickets/ticketDirectory';
import type { QueryOptions, TicketSummary, TrackerProvider } from '../../../../src/core/tickets/providers/trackerProvider';
import { typedToken } from '../../../../src/core/tickets/typedToken';
import { DEFAULT_NETWORK, HttpClient } from '../../../../src/core/net/httpClient';
import { GitHubProvider } from '../../../../src/core/tickets/providers/github';
import { startFakeGitHub } from '../../../fixtures/trackers/fakeGitHub';

class FakeProvider implements TrackerProvider {
  readonly label = 'Fake';
  searches: string[] = [];
  fail = false;
  constructor(readonly id: string, private readonly tickets: TicketSummary[]) {}
  async search(query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    this.searches.push(query);
    await new Promise((r) => setTimeout(r, 20));
    if (options.signal?.aborted) throw new TrackerError('cancelled', this.label, 'request cancelled');
    return this.tickets.filter((t) => t.title.toLowerCase().includes(query.toLowerCase()));
  }
  async recent(): Promise<TicketSummary[]> {
    if (this.fail) throw new TrackerError('unreachable', this.label, 'offline');
    return this.tickets;
  }
  async get(key: string): Promise<TicketSummary | undefined> {
    const t = this.tickets.find((x) => x.key === key);
    return t && { ...t, status: 'Done' };
  }
}

const CLOCK = fixedClock('2026-11-20T09:00:00Z');
const T = (key: string, title: string, updated?: string): TicketSummary => ({ key, title, updated });

describe('ticket cache and directory', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the 2,000 tickets it asks a tracker for (GitHub used to stop at 1,000), and says why when a tracker gives fewer', async () => {
    const issues = Array.from({ length: 2300 }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}`, updatedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() }));
    const fake = await startFakeGitHub({ issues, token: 'ghp_0123456789abcdef' });
    try {
      const github = new GitHubProvider({ type: 'github', repository: 'acme/app', baseUrl: fake.apiUrl }, { http: new HttpClient('GitHub', DEFAULT_NETWORK, silentLogger), credentials: { kind: 'bearer', token: 'ghp_0123456789abcdef' }, logger: silentLogger });
      const warnings: string[] = [];
      const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
      const capped: TrackerProvider = { id: 'capped', label: 'Capped', search: async () => [], recent: async (o: QueryOptions = {}) => (o.onShort?.('the tracker answers at most 3 tickets'), [T('C-1', 'a'), T('C-2', 'b'), T('C-3', 'c')]) };
      const directory = new TicketDirectory([github, capped], new TicketCache(dir, silentLogger, CLOCK), logger);
      const outcomes = await directory.refresh();
      assert.deepEqual(outcomes.map((o) => [o.tracker, o.count, o.short]), [['github', 2000, undefined], ['capped', 3, 'the tracker answers at most 3 tickets']]);
      assert.equal(directory.size, 2003);
      assert.match(warnings.join('\n'), /Capped: 3 of the 2000 tickets the cache holds: the tracker answers at most 3 tickets/);
    } finally {
      await fake.close();
    }
  });

  it('survives a restart: what one directory refreshed, the next one loads from disk offline', async () => {
    const online = new FakeProvider('jira', [T('PROJ-1', 'Login form'), T('PROJ-2', 'Session timeout')]);
    const first = new TicketDirectory([online], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await first.load();
    assert.equal(first.size, 0);
    await first.refresh();
    assert.equal(first.size, 2);

    const offline = new FakeProvider('jira', []);
    offline.fail = true;
    const second = new TicketDirectory([offline], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await second.load();
    assert.deepEqual(second.search('sesion').map((t) => t.key), ['PROJ-2'], 'typo-tolerant, from the cache');
    const outcomes = await second.refresh();
    assert.match(outcomes[0].error ?? '', /offline/);
    assert.equal(second.size, 2, 'a failed refresh keeps the cache');
  });

  it('treats a damaged cache file as empty', async () => {
    writeFileSync(join(dir, 'tickets-jira.json'), '{"version": 1, "tickets": [');
    const directory = new TicketDirectory([new FakeProvider('jira', [])], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.load();
    assert.equal(directory.size, 0);
  });

  it('writes the cache atomically as versioned JSON', async () => {
    await new TicketCache(dir, silentLogger, CLOCK).store('gh', [T('#4', 'x')], '2026-11-01T00:00:00.000Z');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'tickets-gh.json'), 'utf8')), { version: 1, tracker: 'gh', fetchedAt: '2026-11-01T00:00:00.000Z', tickets: [{ key: '#4', title: 'x' }] });
  });

  it('stamps a refresh with the injected clock, not the machine\'s date', async () => {
    const directory = new TicketDirectory([new FakeProvider('jira', [T('PROJ-1', 'Login form')])], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.refresh();
    assert.equal(JSON.parse(readFileSync(join(dir, 'tickets-jira.json'), 'utf8')).fetchedAt, '2026-11-20T09:00:00.000Z');
  });

  it('merges the trackers search in when the cache has few hits, and not otherwise', async () => {
    const provider = new FakeProvider('jira', [T('PROJ-9', 'Password rules')]);
    const directory = new TicketDirectory([provider], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.load();
    const { tickets } = await directory.searchWithRemote('password');
    assert.deepEqual(tickets.map((t) => t.key), ['PROJ-9']);
    assert.deepEqual(provider.searches, ['password']);
    assert.equal(directory.find('PROJ-9')?.title, 'Password rules', 'remote hits are remembered');
  });

  // Trackers were asked one after another: a hanging first tracker used up the caller's wait
  // before the second was even asked (completion waits 0.8 s, then cancels).
  it('asks every tracker at once, and keeps the trackers\' order in the answer', async () => {
    let release: () => void = () => undefined;
    const hanging = new FakeProvider('jira', [T('PROJ-9', 'Password rules')]);
    const slowSearch = hanging.search.bind(hanging);
    hanging.search = async (query, options) => {
      await new Promise<void>((r) => (release = r));
      return slowSearch(query, options);
    };
    const quick = new FakeProvider('github', [T('#12', 'Password reset link')]);
    const directory = new TicketDirectory([hanging, quick], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.load();
    const asked = directory.searchWithRemote('password');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(quick.searches, ['password'], 'the second tracker is asked while the first still hangs');
    release();
    assert.deepEqual((await asked).tickets.map((t) => t.key), ['PROJ-9', '#12']);
  });

  it('cancels an older remote search when a newer one starts', async () => {
    const provider = new FakeProvider('jira', [T('PROJ-9', 'Password rules')]);
    const directory = new TicketDirectory([provider], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.load();
    const older = directory.searchWithRemote('pass');
    const newer = directory.searchWithRemote('password');
    assert.deepEqual((await older).tickets, [], 'the older search was cancelled');
    assert.deepEqual((await newer).tickets.map((t) => t.key), ['PROJ-9']);
  });

  it('resolves details lazily from the tracker', async () => {
    const directory = new TicketDirectory([new FakeProvider('jira', [T('PROJ-3', 'x')])], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.load();
    assert.equal((await directory.details('PROJ-3'))?.status, 'Done');
  });

  it('ranks the exact key first, then key prefixes (recently used first), whatever was used recently', async () => {
    const tickets = [T('PROJ-12', 'Alpha'), T('PROJ-1', 'Beta'), T('PROJ-120', 'Gamma'), T('OPS-1', 'PROJ-1 follow-up')];
    const directory = new TicketDirectory([new FakeProvider('j', tickets)], new TicketCache(dir, silentLogger, CLOCK), silentLogger, () => ['PROJ-120']);
    await directory.load();
    await directory.refresh();
    assert.deepEqual(directory.search('PROJ-1').map((t) => t.key).slice(0, 3), ['PROJ-1', 'PROJ-120', 'PROJ-12']);
  });

  it('finds swapped letters too, and a full key only means that key', async () => {
    const tickets = [T('PROJ-1', 'Login form'), T('PROJ-10', 'Logout button'), T('OPS-1', 'Rotate PROJ-1 secrets')];
    const directory = new TicketDirectory([new FakeProvider('j', tickets)], new TicketCache(dir, silentLogger, CLOCK), silentLogger);
    await directory.load();
    await directory.refresh();
    assert.deepEqual(directory.search('logni form').map((t) => t.key), ['PROJ-1']);
    assert.deepEqual(directory.search('PROJ-10').map((t) => t.key), ['PROJ-10']);
  });

  it('mergeTickets: fresh fields win, most recently updated first', () => {
    const merged = mergeTickets([T('A-1', 'old', '2026-01-01'), T('A-2', 'two', '2026-03-01')], [{ ...T('A-1', 'new', '2026-05-01'), status: 'Done' }]);
    assert.deepEqual(merged.map((t) => [t.key, t.title]), [['A-1', 'new'], ['A-2', 'two']]);
    assert.equal(merged[0].status, 'Done');
  });
});

describe('typedToken (what completion completes)', () => {
  const cases: [string, string, string | undefined][] = [
    ['Fix PROJ-1', '', 'PROJ-1'],
    ['Fix proj', '', 'proj'],
    ['See #12', '', '#12'],
    ['Done AB#3', '', 'AB#3'],
    ['Fix (PROJ-', '', 'PROJ-'],
    ['PROJ-12: ', '', undefined],
    ['Fix @login', '@', '@login'],
    ['email@host', '@', undefined],
    ['', '', undefined],
  ];
  for (const [prefix, trigger, expected] of cases) {
    it(`${JSON.stringify(prefix)} -> ${expected ?? 'nothing'}`, () => assert.equal(typedToken(prefix, trigger)?.text, expected));
  }
});
