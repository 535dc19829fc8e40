import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as z from 'zod/mini';
import { ChangeTrailError } from '../../errors';
import { runGit } from '../../git/runGit';
import type { Logger } from '../../log';
import { findTickets, type TicketSyntax } from '../ticketRefs';
import type { QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';

const localTicketSchema = z.object({
  key: z.string().check(z.minLength(1)),
  title: z.string(),
  status: z.optional(z.string()),
  assignee: z.optional(z.string()),
  url: z.optional(z.string()),
  updated: z.optional(z.string()),
});

/** Parses a tickets file: a JSON array of {key,title,...} or CSV with a key,title[,status,assignee,url] header. */
export function parseTicketsFile(text: string, file: string): TicketSummary[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new ChangeTrailError('ConfigInvalid', `${file}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = z.array(localTicketSchema).safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ChangeTrailError('ConfigInvalid', `${file}: entry ${String(issue.path[0])}${issue.path.length > 1 ? `.${String(issue.path[1])}` : ''}: ${issue.message}`);
    }
    return parsed.data;
  }
  const rows = parseCsv(trimmed);
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('key') < 0 || col('title') < 0) throw new ChangeTrailError('ConfigInvalid', `${file}: line 1: a CSV tickets file needs a header with key and title`);
  return rows.slice(1).filter((r) => r.some((c) => c.trim() !== '')).map((r, i) => {
    const value = (name: string) => (col(name) >= 0 ? r[col(name)]?.trim() || undefined : undefined);
    const key = value('key');
    if (!key) throw new ChangeTrailError('ConfigInvalid', `${file}: line ${i + 2}: no key`);
    return { key, title: value('title') ?? '', status: value('status'), assignee: value('assignee'), url: value('url') };
  });
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      rows[rows.length - 1].push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows[rows.length - 1].push(field);
      field = '';
      rows.push([]);
    } else field += c;
  }
  rows[rows.length - 1].push(field);
  return rows;
}

/** Tickets named in recent commit subjects, titled with the rest of the subject. */
export async function ticketsFromHistory(repoRoot: string, syntax: TicketSyntax, logger: Logger, maxCommits = 2000): Promise<TicketSummary[]> {
  let out = '';
  try {
    out = await runGit(['log', `-n${maxCommits}`, '--no-merges', '--format=%s%x1f%cI'], { cwd: repoRoot, logger });
  } catch {
    return []; // no commits yet
  }
  const seen = new Map<string, TicketSummary>();
  for (const line of out.split('\n')) {
    const [subject, date] = line.split('\x1f');
    if (!subject) continue;
    for (const ref of findTickets(subject, syntax)) {
      if (seen.has(ref.id)) continue;
      const title = (subject.slice(0, ref.index) + subject.slice(ref.index + ref.length)).replace(/^[\s:\-–—[\]()]+/, '').trim();
      seen.set(ref.id, { key: ref.id, title: title || subject, updated: date, status: 'seen in git history' });
    }
  }
  return [...seen.values()];
}

/**
 * The tracker that needs no server: a tickets file in the repository plus tickets seen in git
 * history, so completion works with no tracker at all.
 */
export class LocalProvider implements TrackerProvider {
  readonly label: string;

  constructor(
    readonly id: string,
    private readonly repoRoot: string,
    private readonly file: string,
    private readonly syntax: TicketSyntax,
    private readonly logger: Logger,
  ) {
    this.label = `Tickets file (${file}) and git history`;
  }

  private async all(): Promise<TicketSummary[]> {
    const path = isAbsolute(this.file) ? this.file : join(this.repoRoot, this.file);
    let fromFile: TicketSummary[] = [];
    try {
      fromFile = parseTicketsFile(await readFile(path, 'utf8'), this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const keys = new Set(fromFile.map((t) => t.key));
    const fromHistory = (await ticketsFromHistory(this.repoRoot, this.syntax, this.logger)).filter((t) => !keys.has(t.key));
    return [...fromFile, ...fromHistory];
  }

  async search(query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    const q = query.toLowerCase();
    return (await this.all()).filter((t) => t.key.toLowerCase().includes(q) || t.title.toLowerCase().includes(q)).slice(0, options.limit ?? 50);
  }

  async recent(options: QueryOptions = {}): Promise<TicketSummary[]> {
    return (await this.all()).slice(0, options.limit ?? 5000);
  }

  async get(key: string): Promise<TicketSummary | undefined> {
    // Keys are matched as the remote trackers match them: proj-1 is PROJ-1.
    const wanted = key.trim().toUpperCase();
    return (await this.all()).find((t) => t.key.toUpperCase() === wanted);
  }
}
