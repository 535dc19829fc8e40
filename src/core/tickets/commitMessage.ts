import type { ExemptionPolicy } from '../config/teamConfigSchema';
import { type TicketSyntax, findTickets, matchesTeamPattern } from './ticketRefs';
import { parsePerson } from '../git/personIdent';

/**
 * How git will clean the message up (`--cleanup` / `commit.cleanup`), which decides what a comment
 * is. `message` is what a hook sees for `-m`/`-F`: git strips comments only if `-e` opened an
 * editor too, which a hook cannot tell, so comment-shaped lines (`# On branch ...`) do not count
 * while `#123` still does.
 */
export type CleanupMode = 'strip' | 'whitespace' | 'verbatim' | 'scissors' | 'message';

/** What git hands a hook besides the message: how comments look and whether they go. */
export interface MessageFormat {
  /** `core.commentChar`; "auto" is read as `#`. */
  readonly commentChar: string;
  readonly cleanup: CleanupMode;
}

export const DEFAULT_MESSAGE_FORMAT: MessageFormat = { commentChar: '#', cleanup: 'strip' };

/** The message as git will record it: CRLF folded, scissors cut, comment lines dropped when git strips them. */
export function effectiveMessage(raw: string, format: MessageFormat = DEFAULT_MESSAGE_FORMAT): string {
  const cc = !format.commentChar || format.commentChar === 'auto' ? '#' : format.commentChar;
  const lines = raw.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    // git cuts here whatever the cleanup mode when the message was edited with -v (the diff follows).
    if (line === scissorsLine(cc)) break;
    if (isCommentLine(line, cc, format.cleanup)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** Whether git (may) drop `line` as a comment under `cleanup`. */
function isCommentLine(line: string, cc: string, cleanup: CleanupMode): boolean {
  if (cleanup === 'strip') return line.startsWith(cc);
  if (cleanup === 'message') return line === cc || line.startsWith(`${cc} `);
  return false;
}

/** The line below which git drops everything (`git commit -v` puts the diff there). */
export function scissorsLine(commentChar: string): string {
  return `${commentChar} ------------------------ >8 ------------------------`;
}

/** The subject: the first non-empty line. */
export function subjectOf(message: string): string {
  // Line by line without splitting the whole message: check calls this for every commit of a range.
  for (let start = 0; start <= message.length; ) {
    let end = message.indexOf('\n', start);
    if (end === -1) end = message.length;
    const line = message.slice(start, end).trim();
    if (line !== '') return line;
    start = end + 1;
  }
  return '';
}

/** `commitFormat` with `{ticket}` and `{message}` replaced. */
export function applyFormat(commitFormat: string, ticket: string, message: string): string {
  return commitFormat.split('{ticket}').join(ticket).split('{message}').join(message);
}

/**
 * The ticket, when `message` (as git records it) holds nothing but that ticket in the team's
 * format: what prepare-commit-msg puts into a message the person left empty. Git aborts a commit
 * whose message is empty, so the hooks refuse this one. `branchTicket` is the ticket the hook adds.
 */
export function onlyTicket(message: string, commitFormat: string, syntax: TicketSyntax, branchTicket?: string): string | undefined {
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toUpperCase();
  const text = squash(message);
  // What the format adds is short: a long message cannot be only that (and is not searched).
  if (text.length > commitFormat.length + 256) return undefined;
  const candidates = [...(branchTicket ? [branchTicket] : []), ...findTickets(message, syntax).map((t) => t.id)];
  return candidates.find((ticket) => squash(applyFormat(commitFormat, ticket, '')) === text);
}

/** Facts about a commit that decide exemptions. */
export interface CommitFacts {
  /**
   * Whether the commit merges (check: more than one parent; the hooks: MERGE_HEAD in the git dir).
   * When it is known, it alone decides the merge exemption: a one-parent commit whose subject reads
   * "Merge branch 'x'" is no merge. Left out only where nothing can tell (the editor's commit box,
   * whose warning is advice): there git's own merge subjects count.
   */
  readonly isMerge?: boolean;
  /** Author as `Name <email>`, or either part. */
  readonly author?: string;
}

/** git's own subjects for a merge (`git merge`, `git pull`, octopus merges, pull requests). */
const MERGE_SUBJECT = /^Merge (branch|branches|remote-tracking branch|remote-tracking branches|pull request|tag|tags|commit|commits) /;

/** Why a commit needs no ticket under the policy, or undefined when it needs one. */
export function exemptionFor(message: string, facts: CommitFacts, policy: ExemptionPolicy): string | undefined {
  const subject = subjectOf(message);
  if (policy.merges && (facts.isMerge ?? MERGE_SUBJECT.test(subject))) return 'merge commit';
  if (policy.reverts && /^Revert "/.test(subject)) return 'revert';
  const fold = /^(fixup|squash|amend)! /.exec(subject);
  if (policy.fixups && fold) return `${fold[1]}! commit`;
  for (const source of policy.messagePatterns) {
    // RE2: linear in the subject whatever the team wrote (the config refuses what RE2 cannot run).
    if (matchesTeamPattern(source, subject)) return `subject matches exemption /${source}/`;
  }
  if (facts.author && policy.authors.length > 0) {
    // Linear (parsePerson): /^(.*?)\s*<([^>]*)>\s*$/ backtracked on a name of many spaces.
    const person = parsePerson(facts.author);
    const parts = person ? [person.name, person.email, facts.author] : [facts.author];
    const hit = policy.authors.find((a) => parts.includes(a));
    if (hit) return `author ${hit} is exempt`;
  }
  return undefined;
}

/** The verdict on one commit message. */
export interface MessageVerdict {
  readonly ok: boolean;
  readonly tickets: readonly string[];
  readonly exemption?: string;
}

/** Checks a message (as git will record it) against the ticket policy. */
export function checkMessage(
  message: string,
  policy: { readonly requireOnCommit: boolean; readonly exemptions: ExemptionPolicy } & TicketSyntax,
  facts: CommitFacts = {},
): MessageVerdict {
  const tickets = findTickets(message, policy).map((t) => t.id);
  if (tickets.length > 0) return { ok: true, tickets };
  if (!policy.requireOnCommit) return { ok: true, tickets, exemption: 'tickets are not required' };
  const exemption = exemptionFor(message, facts, policy.exemptions);
  return exemption ? { ok: true, tickets, exemption } : { ok: false, tickets };
}

/**
 * Adds `ticket` to a raw message in the team's format (`{ticket}: {message}` applies to the
 * subject; a format without `{message}` is appended as a last paragraph, like a trailer).
 * Comment lines stay where they are.
 */
export function addTicket(raw: string, ticket: string, commitFormat: string, format: MessageFormat = DEFAULT_MESSAGE_FORMAT): string {
  const cc = format.commentChar === 'auto' ? '#' : format.commentChar;
  const eol = raw.includes('\r\n') ? '\r\n' : '\n';
  const all = raw.split(/\r?\n/);
  const cut = all.indexOf(scissorsLine(cc));
  const lines = cut === -1 ? all : all.slice(0, cut);
  const tail = cut === -1 ? [] : all.slice(cut);
  const isComment = (line: string) => isCommentLine(line, cc, format.cleanup);
  if (!commitFormat.includes('{message}')) {
    const trailer = applyFormat(commitFormat, ticket, '');
    let end = lines.findIndex(isComment);
    if (end === -1) end = lines.length;
    const body = lines.slice(0, end);
    while (body.length > 0 && body[body.length - 1].trim() === '') body.pop();
    // Join an existing trailer block (Signed-off-by: ...) rather than start a paragraph after it.
    const blank = body.map((l) => l.trim() === '').lastIndexOf(true);
    const lastParagraph = body.slice(blank + 1);
    const joinsTrailers = blank > 0 && lastParagraph.length > 0 && lastParagraph.every((l) => TRAILER.test(l));
    const rest = [...lines.slice(end), ...tail];
    const ending = rest.length > 0 ? ['', ...rest] : /\n$/.test(raw) ? [''] : [];
    return [...body, ...(body.length > 0 && !joinsTrailers ? [''] : []), trailer, ...ending].join(eol);
  }
  const at = lines.findIndex((line) => !isComment(line) && line.trim() !== '');
  const apply = (subject: string) => applyFormat(commitFormat, ticket, subject);
  if (at === -1) {
    const first = apply('').trimEnd();
    const rest = [...lines, ...tail];
    return [`${first} `, ...(rest[0] === '' ? rest.slice(1) : rest)].join(eol);
  }
  lines[at] = apply(lines[at]);
  return [...lines, ...tail].join(eol);
}

const TRAILER = /^[A-Za-z0-9][A-Za-z0-9-]*: \S/;
