import { type TeamPattern, compileTeamPattern } from '../config/teamPattern';

/** What kind of reference a ticket ID is, which decides how it is linked. */
export type TicketKind = 'jira' | 'github' | 'azure' | 'custom';

/** A ticket ID found in a text, in canonical form (Jira keys upper-case). */
export interface TicketRef {
  readonly id: string;
  readonly kind: TicketKind;
  /** Offset of the match in the text searched. */
  readonly index: number;
  readonly length: number;
}

/** The part of the team policy that decides what a ticket ID looks like. */
export interface TicketSyntax {
  /** Allowed Jira-style project keys; empty means any key that is not a known look-alike. */
  readonly projects: readonly string[];
  /** Extra regular expressions; the first capture group (or the whole match) is the ID. */
  readonly patterns: readonly string[];
  /**
   * Whose issue numbers count while `projects` are listed: `#123` with a GitHub or GitLab tracker,
   * `AB#123` with Azure Boards (see {@link numberedTrackers}). Absent: neither does. With no
   * projects listed both always count.
   */
  readonly numbered?: NumberedTrackers;
  /** The ticket linked to the branch being committed on: it always counts, whatever the projects. */
  readonly linked?: string;
}

/** Which issue-number tickets a team's trackers use. */
export interface NumberedTrackers {
  readonly github: boolean;
  readonly azure: boolean;
}

/** Which issue numbers the configured trackers make tickets: `#n` (GitHub, GitLab), `AB#n` (Azure Boards). */
export function numberedTrackers(trackers: readonly { readonly type: string }[]): NumberedTrackers {
  return {
    github: trackers.some((t) => t.type === 'github' || t.type === 'gitlab'),
    azure: trackers.some((t) => t.type === 'azure-boards'),
  };
}

/** The ticket syntax of a whole team config: its ticket policy plus what its trackers number. */
export function ticketSyntaxOf<T extends TicketSyntax>(config: { readonly tickets: T; readonly trackers: readonly { readonly type: string }[] }, linked?: string): T {
  return { ...config.tickets, numbered: numberedTrackers(config.trackers), ...(linked ? { linked } : {}) };
}

// Standards and encodings written like Jira keys (UTF-8, ISO-8601, SHA-256, RFC-7231...).
export const LOOKALIKE_KEYS: ReadonlySet<string> = new Set([
  'UTF', 'ISO', 'SHA', 'MD', 'RFC', 'HTTP', 'TLS', 'SSL', 'ES', 'ECMA', 'CVE', 'CWE', 'AES', 'RSA', 'GPL',
  'LGPL', 'AGPL', 'WCAG', 'IEEE', 'ANSI', 'POSIX', 'UTC', 'GMT', 'WIN', 'IPV', 'ECMASCRIPT', 'PEP', 'BASE',
]);

// A key may not continue a word, including one in another Latin-script alphabet (MÜNCHEN-2024 is
// no ticket), while CJK text needs no spaces around a key (修复PROJ-12问题 names PROJ-12).
const JIRA = /(?<![\p{Script=Latin}\p{N}_])([A-Za-z][A-Za-z0-9_]{1,9})-([1-9][0-9]{0,8})(?![\p{Script=Latin}\p{N}_])/gu;
const AZURE = /(?<![A-Za-z0-9_])AB#([1-9][0-9]{0,8})(?![0-9A-Za-z_])/gi;
const GITHUB = /(?<![A-Za-z0-9_#&/])#([1-9][0-9]{0,8})(?![0-9A-Za-z_])/g;

/** Finds every ticket reference in `text`, in order of appearance, without duplicates. */
export function findTickets(text: string, syntax: TicketSyntax): TicketRef[] {
  const found: TicketRef[] = [];
  const allowed = new Set(syntax.projects.map((p) => p.toUpperCase()));
  // The searches below are skipped when the one character they all need is absent (most of a long history).
  const dash = text.includes('-');
  const hash = text.includes('#');
  // With projects listed "no other key counts": issue numbers only of a tracker the config names.
  const anyKind = syntax.projects.length === 0;
  const github = anyKind || syntax.numbered?.github === true;
  const azure = anyKind || syntax.numbered?.azure === true;
  if (syntax.linked) found.push(...linkedRefs(text, syntax.linked));
  for (const m of dash ? text.matchAll(JIRA) : []) {
    const key = m[1].toUpperCase();
    const upperInText = m[1] === key;
    if (allowed.size > 0 ? !allowed.has(key) : LOOKALIKE_KEYS.has(key) || !upperInText) continue;
    if (overlaps(found, m.index, m[0].length)) continue;
    found.push({ id: `${key}-${m[2]}`, kind: 'jira', index: m.index, length: m[0].length });
  }
  for (const m of hash && azure ? text.matchAll(AZURE) : []) {
    if (!overlaps(found, m.index, m[0].length)) found.push({ id: `AB#${m[1]}`, kind: 'azure', index: m.index, length: m[0].length });
  }
  for (const m of hash && github ? text.matchAll(GITHUB) : []) {
    if (overlaps(found, m.index, m[0].length)) continue;
    found.push({ id: `#${m[1]}`, kind: 'github', index: m.index, length: m[0].length });
  }
  for (const source of syntax.patterns) {
    // Team patterns run on RE2 (linear); the config refuses any RE2 cannot compile, so skip those here.
    const pattern = usablePattern(source);
    for (const m of pattern?.matches(text) ?? []) {
      if (m.length === 0 || overlaps(found, m.index, m.length)) continue;
      found.push({ id: m.group1 ?? m.text, kind: 'custom', index: m.index, length: m.length });
    }
  }
  found.sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  return found.filter((ref) => !seen.has(ref.id) && seen.add(ref.id));
}

/**
 * The ticket a branch name names, such as `PROJ-123` in `feature/PROJ-123-login`: the first one,
 * segment by segment, by the rules of {@link findTickets}. So with `projects` listed a key counts
 * in any case (`fix/proj-42-typo`); without, only an upper-case key does: lower-case words such
 * as `chore/node-20-upgrade` or `deps/react-18-migration` name no ticket (a ticket can always be
 * linked to such a branch). `suggestProjects` offers the keys a team already uses.
 */
export function ticketFromBranch(branch: string, syntax: TicketSyntax): string | undefined {
  for (const segment of branch.split('/')) {
    if (syntax.projects.length === 0) {
      // A key opening a segment may be followed by _ or . (OPS-42_crash), but must be upper case.
      const m = /^([A-Z][A-Z0-9_]{1,9})-([1-9][0-9]{0,8})(?=$|[-_.])/.exec(segment);
      if (m && !LOOKALIKE_KEYS.has(m[1])) return `${m[1]}-${m[2]}`;
    }
    const direct = findTickets(segment, { projects: syntax.projects, patterns: [] }).find((ref) => ref.kind !== 'github');
    if (direct) return direct.id;
  }
  // Custom patterns may span segments.
  return findTickets(branch, syntax).find((ref) => ref.kind === 'custom')?.id;
}

/** Where the linked ticket `linked` stands in `text` as a word of its own (any case); indexOf only, so linear. */
function linkedRefs(text: string, linked: string): TicketRef[] {
  const refs: TicketRef[] = [];
  const haystack = text.toUpperCase();
  const needle = linked.toUpperCase();
  // toUpperCase may change lengths (ß -> SS); then offsets would be wrong, so only exact-length texts are searched.
  if (needle === '' || haystack.length !== text.length || needle.length !== linked.length) return refs;
  const word = /[\p{L}\p{N}_]/u;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    const before = text[at - 1] ?? '';
    const after = text[at + needle.length] ?? '';
    const glued = (word.test(needle[0]) && word.test(before)) || (word.test(needle[needle.length - 1]) && word.test(after));
    if (glued || (needle[0] === '#' && /^[#&/]$/.test(before))) continue;
    const kind: TicketKind = /^AB#\d+$/.test(needle) ? 'azure' : needle[0] === '#' ? 'github' : /^[A-Z][A-Z0-9_]*-\d+$/.test(needle) ? 'jira' : 'custom';
    refs.push({ id: linked, kind, index: at, length: needle.length });
  }
  return refs;
}

function overlaps(found: readonly TicketRef[], index: number, length: number): boolean {
  return found.some((ref) => index < ref.index + ref.length && ref.index < index + length);
}

function usablePattern(source: string): TeamPattern | undefined {
  try {
    return compileTeamPattern(source);
  } catch {
    return undefined;
  }
}

/** Whether team pattern `source` matches `text` (RE2, linear); a pattern RE2 cannot run matches nothing. */
export function matchesTeamPattern(source: string, text: string): boolean {
  return usablePattern(source)?.test(text) ?? false;
}
