import type { TeamConfig } from '../../config/teamConfigSchema';
import { LOOKALIKE_KEYS } from '../../tickets/ticketRefs';
import { shQuote } from './hookScripts';

/** Git settings that change how a hook must read the message. */
export interface MessageGitSettings {
  /** core.commentChar (undefined: `#`). */
  readonly commentChar?: string;
  /** commit.cleanup (undefined: git's default). */
  readonly cleanup?: string;
  /** Tickets linked to branches (`branch.<name>.changetrailTicket`), by branch. */
  readonly linked?: ReadonlyMap<string, string>;
}

/**
 * The team policy as sh assignments, sourced by the hooks so the fast path never parses JSON.
 * Written to `<git dir>/changetrail-policy.sh`; the hooks rebuild it when the config is newer.
 */
export function compilePolicy(config: TeamConfig, hasConfig: boolean, git: MessageGitSettings): string {
  const commentChar = git.commentChar && git.commentChar !== 'auto' ? git.commentChar.slice(0, 1) : '#';
  const lines = [
    '# ChangeTrail policy compiled from .changetrail/config.json; rebuilt automatically, do not edit.',
    `CT_HAS_CONFIG=${hasConfig ? 1 : 0}`,
    `CT_REQUIRE_COMMIT=${config.tickets.requireOnCommit ? 1 : 0}`,
    `CT_PROJECTS=${shQuote(config.tickets.projects.join(' '))}`,
    `CT_LOOKALIKES=${shQuote([...LOOKALIKE_KEYS].join(' '))}`,
    `CT_FORMAT=${shQuote(config.tickets.commitFormat)}`,
    `CT_COMMENT_CHAR=${shQuote(commentChar)}`,
    `CT_CLEANUP=${shQuote(git.cleanup ?? 'default')}`,
    `CT_SUBJECT_GLOBS=${shQuote(subjectGlobs(config.tickets.projects).join(' '))}`,
    `CT_LOOKALIKE_GLOBS=${shQuote(config.tickets.projects.length > 0 ? '' : [...LOOKALIKE_KEYS].map((k) => `${k}-*`).join(' '))}`,
  ];
  // Linked tickets win over branch names; a case statement looks them up without a process.
  lines.push('ct_linked() {', '  case $1 in');
  for (const [branch, ticket] of git.linked ?? []) lines.push(`    ${shQuote(branch)}) CT_LINKED=${shQuote(ticket)} ;;`);
  lines.push('    *) CT_LINKED= ;;', '  esac', '}');
  return `${lines.join('\n')}\n`;
}

/**
 * sh `case` patterns that accept a subject starting with a ticket (`PROJ-123: ...`), the shape the
 * default format writes, so the commit-msg hook settles most commits without starting awk. They
 * accept only what findTickets accepts: keys of the listed projects in any case, or (no projects)
 * upper-case keys of 2-10 characters, numbers of 1-9 digits, then no word character.
 */
export function subjectGlobs(projects: readonly string[]): string[] {
  const keys = projects.length > 0
    ? projects.map((p) => [...p].map((c) => (/[A-Z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join(''))
    : Array.from({ length: 9 }, (_, i) => `[A-Z]${'[A-Z0-9_]'.repeat(i + 1)}`);
  const globs: string[] = [];
  for (const key of keys) {
    for (let digits = 1; digits <= 9; digits++) {
      const number = `[1-9]${'[0-9]'.repeat(digits - 1)}`;
      // After the number only ASCII punctuation or a space: anything else is for the CLI to judge.
      globs.push(`${key}-${number}`, `${key}-${number}[ :,.;)/-]*`);
    }
  }
  return globs;
}
