import type { ConfigProblem } from '../../core/config/configProblem';
import type { CommitVerdict } from '../../core/tickets/checkCommits';

/** Where `changetrail check` writes, as verdicts stream in: constant memory however long the range. */
export interface VerdictReport {
  /** Problems of the team config, said before anything else. */
  configProblems(lines: readonly string[], problems: readonly ConfigProblem[]): void;
  /** Something the reader must know about how the range was checked (the policy applied, enforcement.since). */
  notice(line: string): void;
  commit(verdict: CommitVerdict): void;
  /** The range had commits, or none ("nothing to check"); `skipped` were left out by enforcement.since. */
  finish(skipped?: { readonly count: number; readonly since: string }): void;
  /** The check cannot be trusted (bad range, shallow clone, broken config): said instead of a verdict. */
  fail(message: string): void;
}

// Control characters (C0, DEL, C1) and bidirectional overrides in a subject or author could move
// the cursor, clear a line or reorder text in a terminal or CI log: shown escaped instead.
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control or bidi character shown as `\xNN` / `\u{NNNN}`, so one commit is one line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Text report: one line per commit without a ticket, then a total. */
export function textVerdictReport(range: string, out: (line: string) => void, err: (line: string) => void): VerdictReport & { readonly failed: number } {
  let total = 0;
  let failed = 0;
  let exempt = 0;
  return {
    get failed() {
      return failed;
    },
    configProblems(lines) {
      lines.forEach((line) => out(line));
    },
    notice(line) {
      out(`notice: ${printable(line)}`);
    },
    commit(v) {
      total++;
      if (v.ok && v.exemption) exempt++;
      if (v.ok) return;
      failed++;
      out(`✗ ${v.sha.slice(0, 10)} ${printable(v.subject)}  (${printable(v.author)})`);
    },
    finish(skipped) {
      const r = printable(range);
      const left = skipped && skipped.count > 0 ? `${skipped.count} commit${skipped.count > 1 ? 's' : ''} at or before enforcement.since ${printable(skipped.since)}` : undefined;
      if (total === 0) out(left ? `nothing to check: ${r} has only ${left} (older history needs no ticket)` : `nothing to check: ${r} has no commits`);
      else {
        if (failed === 0) out(`✓ all ${total} commits in ${r} name a ticket or are exempt`);
        else {
          out('');
          out(`${failed} of ${total} commits in ${r} name no ticket.`);
          out('Reword them (git rebase -i, "reword") so each names its ticket, e.g. "PROJ-123: <subject>".');
        }
        if (exempt > 0) out(`exempt: ${exempt} of the ${total} commits passed only by an exemption, not by naming a ticket`);
        if (left) out(`skipped: ${left} (older history needs no ticket)`);
      }
    },
    fail(message) {
      err(`changetrail: ${message}`);
    },
  };
}

/** JSON report, written as it goes: `{ range, configProblems?, commits: [...], total, failed, exempt, skipped?, notices?, error? }`. */
export function jsonVerdictReport(range: string, out: (line: string) => void): VerdictReport & { readonly failed: number } {
  let total = 0;
  let failed = 0;
  let exempt = 0;
  const notices: string[] = [];
  let problems: readonly ConfigProblem[] = [];
  let opened = false;
  let pending: string[] = [];
  // Lines are written in batches: one write per commit would cost more than the check itself.
  const flush = () => {
    if (pending.length > 0) out(pending.join('\n'));
    pending = [];
  };
  const open = () => {
    if (opened) return;
    opened = true;
    pending.push('{', `  "range": ${JSON.stringify(range)},`);
    if (problems.length > 0) pending.push(`  "configProblems": ${JSON.stringify(problems, null, 2).split('\n').join('\n  ')},`);
    pending.push('  "commits": [');
  };
  const close = (extra: Record<string, unknown>) => {
    open();
    const tail = Object.entries({ total, failed, exempt, ...extra, ...(notices.length > 0 ? { notices } : {}) }).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    pending.push('  ],', tail.join(',\n'), '}');
    flush();
  };
  return {
    get failed() {
      return failed;
    },
    configProblems(_lines, list) {
      problems = list;
    },
    notice(line) {
      notices.push(line);
    },
    commit(v) {
      open();
      if (total > 0) pending[pending.length - 1] += ',';
      total++;
      if (!v.ok) failed++;
      else if (v.exemption) exempt++;
      pending.push(indent(JSON.stringify(v, null, 2), 4));
      if (pending.length >= 256) {
        const last = pending.pop()!;
        flush();
        pending.push(last);
      }
    },
    finish(skipped) {
      close({ ...(skipped && skipped.count > 0 ? { skipped: skipped.count, since: skipped.since } : {}), ...(total === 0 ? { nothingToCheck: true } : {}) });
    },
    fail(message) {
      if (!opened) {
        out(JSON.stringify({ range, ...(problems.length > 0 ? { configProblems: problems } : {}), ...(notices.length > 0 ? { notices } : {}), error: message }, null, 2));
        return;
      }
      close({ error: message });
    },
  };
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

/** The whole text report of a short, already checked range (the pre-push hook). */
export function verdictReport(verdicts: readonly CommitVerdict[], range: string): string[] {
  const lines: string[] = [];
  const report = textVerdictReport(range, (line) => lines.push(line), (line) => lines.push(line));
  verdicts.forEach((v) => report.commit(v));
  if (verdicts.length === 0) lines.push(`✓ all 0 commits in ${printable(range)} name a ticket or are exempt`);
  else report.finish();
  return lines;
}
