import { BOARD_GLOBAL, type BoardChange, type BoardDeployment, type BoardIndex, type BoardMonth, type BoardMonthChanges, type BoardMonthMeta, boardDocumentSchema } from '../protocol/boardData';
import { assembleMonth } from '../protocol/boardMonthParts';
import { withoutBidiControls } from './shownText';

type Listener = () => void;

/** Where month documents come from: by default their data script; in a VS Code panel, a message to the host. */
export interface BoardStoreOptions {
  /** Asks for a month's document; it arrives later through push(). */
  readonly requestMonth?: (key: string) => void;
}

/**
 * The board's data: documents pushed by the data scripts (data/index.js, data/month-*.js), each
 * validated before use. Months load on demand by adding their script; listeners hear of new data.
 */
export class BoardStore {
  index?: BoardIndex;
  readonly problems: string[] = [];
  private readonly months = new Map<string, BoardMonth>();
  private readonly waiting = new Map<string, () => void>();
  // Parts of months whose scripts are loading (a built site's changes and meta scripts).
  private readonly parts = new Map<string, { changes: BoardMonthChanges[]; meta?: BoardMonthMeta }>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly listeners: Listener[] = [];
  private cache?: { changes: BoardChange[]; deployments: BoardDeployment[]; byId: Map<string, BoardChange> };

  constructor(private readonly options: BoardStoreOptions = {}) {
    const w = window as unknown as Record<string, unknown>;
    const queued = Array.isArray(w[BOARD_GLOBAL]) ? (w[BOARD_GLOBAL] as unknown[]) : [];
    w[BOARD_GLOBAL] = { push: (doc: unknown) => this.accept(doc) };
    for (const doc of queued) this.accept(doc);
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /**
   * Takes one document (index or month) as the panel's host hands it over; validated before use.
   * Its bidi controls are removed here (shownText.ts); a built site's data scripts come without them.
   */
  push(doc: unknown): void {
    this.accept(doc, true);
  }

  private accept(doc: unknown, fromHost = false): void {
    const parsed = boardDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.problems.push(`a data file could not be read: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    const data = fromHost ? withoutBidiControls(parsed.data) : parsed.data;
    if (data.kind === 'monthChanges' || data.kind === 'monthMeta') {
      // Kept until the month's scripts have all run (loadMonth), then assembled.
      const parts = this.parts.get(data.key) ?? { changes: [] };
      if (data.kind === 'monthChanges') parts.changes.push(data);
      else parts.meta = data;
      this.parts.set(data.key, parts);
      return;
    }
    if (data.kind === 'index') this.index = data;
    else this.setMonth(data);
    for (const l of this.listeners) l();
  }

  private setMonth(month: BoardMonth): void {
    this.months.set(month.key, month);
    this.cache = undefined;
    this.waiting.get(month.key)?.();
    this.waiting.delete(month.key);
  }

  /** Months of the index, newest first, and whether each is loaded. */
  monthList(): { key: string; loaded: boolean; changes: number; deployments: number }[] {
    return (this.index?.months ?? []).map((m) => ({ key: m.key, loaded: this.months.has(m.key), changes: m.changes, deployments: m.deployments }));
  }

  /** Loads a month's data script once; resolves when its document arrived. */
  loadMonth(key: string): Promise<void> {
    if (this.months.has(key)) return Promise.resolve();
    const listed = this.index?.months.find((m) => m.key === key);
    const file = listed?.file;
    if (!file) return Promise.reject(new Error(`no data for ${key}`));
    const request = this.options.requestMonth;
    if (request) {
      return new Promise((resolve) => {
        this.waiting.set(key, resolve);
        request(key);
      });
    }
    if (listed.meta) {
      // A built site's month: its changes script and its meta script, assembled once both have run.
      // Both scripts settle before anything is kept or dropped: one may fail while the other still runs.
      const loading = this.loading.get(key) ?? Promise.allSettled([loadScript(file), loadScript(listed.meta)]).then((results) => {
        const parts = this.parts.get(key) ?? { changes: [] };
        this.parts.delete(key);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        this.setMonth(assembleMonth(key, parts.changes, parts.meta));
        // A month that failed before and loads now: its problem is no longer said.
        const said = this.problems.findIndex((p) => p.startsWith(monthProblem(key)));
        if (said >= 0) this.problems.splice(said, 1);
        for (const l of this.listeners) l();
      });
      this.loading.set(key, loading);
      // A script that failed: said on the page, and a later try starts clean, with no parts of this one.
      loading.catch((error: Error) => {
        this.loading.delete(key);
        this.fail(key, error);
      });
      return loading;
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(key, resolve);
      loadScript(file).catch((error: Error) => {
        this.waiting.delete(key);
        this.fail(key, error);
        reject(error);
      });
    });
  }

  /** A month that could not be loaded: its problem is kept for the page to say (once). */
  private fail(key: string, error: Error): void {
    const problem = `${monthProblem(key)}${error.message}. The site may be incomplete: build and publish it again.`;
    if (!this.problems.includes(problem)) this.problems.push(problem);
    for (const l of this.listeners) l();
  }

  /** Loads the newest `count` months not loaded yet. */
  async loadNewest(count: number): Promise<void> {
    await Promise.all(this.monthList().slice(0, count).map((m) => this.loadMonth(m.key)));
  }

  /** Loads the next older month that is not loaded; false when there is none. */
  async loadOlder(): Promise<boolean> {
    const next = this.monthList().find((m) => !m.loaded);
    if (!next) return false;
    await this.loadMonth(next.key);
    return true;
  }

  private all() {
    if (!this.cache) {
      const months = [...this.months.values()];
      const changes = months.flatMap((m) => m.changes).sort((a, b) => b.at - a.at);
      const deployments = months.flatMap((m) => m.deployments).sort((a, b) => b.at - a.at);
      this.cache = { changes, deployments, byId: new Map(changes.map((c) => [c.id, c])) };
    }
    return this.cache;
  }

  /** Every loaded change, newest first. */
  changes(): readonly BoardChange[] {
    return this.all().changes;
  }

  /** Every loaded deployment, newest first. */
  deployments(): readonly BoardDeployment[] {
    return this.all().deployments;
  }

  change(id: string): BoardChange | undefined {
    return this.all().byId.get(id);
  }

  /** The oldest instant the loaded months cover. */
  loadedSince(): number | undefined {
    const loaded = this.monthList().filter((m) => m.loaded);
    const oldest = loaded.at(-1)?.key;
    return oldest ? Date.parse(`${oldest}-01T00:00:00Z`) : undefined;
  }
}

function monthProblem(key: string): string {
  return `The changes of ${key} cannot be shown: `;
}

/** Adds a data script to the page; resolves once it has run. */
function loadScript(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = file;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${file} could not be loaded`));
    document.head.append(script);
  });
}
