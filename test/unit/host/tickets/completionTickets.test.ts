import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../../../src/core/clock';
import { silentLogger } from '../../../../src/core/log';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { TicketCache } from '../../../../src/core/tickets/ticketCache';
import { TicketDirectory } from '../../../../src/core/tickets/ticketDirectory';
import type { QueryOptions, TicketSummary, TrackerProvider } from '../../../../src/core/tickets/providers/trackerProvider';
import { completionTickets } from '../../../../src/host/tickets/completionTickets';

/** A tracker whose search answers after `delayMs`, or never (until cancelled) when undefined. */
class SlowTracker implements TrackerProvider {
  readonly label = 'Slow';
  cancelled = 0;
  constructor(readonly id: string, private readonly found: TicketSummary[], private readonly delayMs?: number) {}
  search(_query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    return new Promise((resolve, reject) => {
      const timer = this.delayMs === undefined ? undefined : setTimeout(() => resolve(this.found), this.delayMs);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        this.cancelled++;
        reject(new TrackerError('cancelled', this.label, 'request cancelled'));
      }, { once: true });
    });
  }
  async recent(): Promise<TicketSummary[]> {
    return [{ key: 'PROJ-1', title: 'Password reset', updated: '2026-11-01' }];
  }
}

describe('commit-box completion with a tracker that hangs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ct-completion-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function directoryWith(tracker: SlowTracker): Promise<TicketDirectory> {
    const cache = new TicketCache(dir, silentLogger, fixedClock('2026-11-20T09:00:00Z'));
    const directory = new TicketDirectory([tracker], cache, silentLogger);
    await directory.refresh(); // the offline cache now holds PROJ-1
    return directory;
  }

  it('shows the offline cache\'s hits after a short wait, not after the tracker\'s deadline, and cancels the tracker', async () => {
    const tracker = new SlowTracker('jira', []);
    const directory = await directoryWith(tracker);
    const started = Date.now();
    const keys = await Promise.race([
      completionTickets(directory, 'password', new AbortController().signal, 50, 100).then((t) => t.map((x) => x.key)),
      new Promise<string>((resolve) => setTimeout(resolve, 3000, 'still waiting on the tracker after 3 s')),
    ]);
    assert.deepEqual(keys, ['PROJ-1']);
    assert.ok(Date.now() - started < 2000);
    assert.equal(tracker.cancelled, 1, 'the hanging request is cancelled, not left running');
  });

  it('merges a tracker that answers in time', async () => {
    const tracker = new SlowTracker('jira', [{ key: 'PROJ-7', title: 'Password rules' }], 10);
    const directory = await directoryWith(tracker);
    const keys = (await completionTickets(directory, 'password', new AbortController().signal, 50, 2000)).map((t) => t.key);
    assert.deepEqual(keys, ['PROJ-1', 'PROJ-7']);
    assert.equal(tracker.cancelled, 0);
  });

  it('a keystroke that cancels the request ends the wait at once', async () => {
    const directory = await directoryWith(new SlowTracker('jira', []));
    const keystroke = new AbortController();
    const asked = completionTickets(directory, 'password', keystroke.signal, 50, 60_000);
    keystroke.abort();
    assert.deepEqual((await asked).map((t) => t.key), ['PROJ-1']);
  });
});
