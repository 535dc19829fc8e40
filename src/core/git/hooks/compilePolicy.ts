import type { TeamConfig } from '../../config/teamConfigSchema';
import { LOOKALIKE_KEYS, type NumberedTrackers, numberedTrackers } from '../../tickets/ticketRefs';
import { shQuote } from './hookScripts';

/** Git settings that change how a hook must read the message. */
export interface MessageGitSettings {
  /** core.commentChar (undefined: `#`; `auto`: git picks one per commit). */
  readonly commentChar?: string;
  /** commit.cleanup (undefined: git's default). */
  readonly cleanup?: string;
  /** Tickets linked to branches (`branch.<name>.changetrailTicket`), by branch. */
  readonly linked?: ReadonlyMap<string, string>;
  /** envConfigKey of the environment compiled in: the hooks recompile when theirs differs. */
  readonly envKey?: string;
}

/** The characters git may pick for core.commentChar=auto, in its order. */
export const AUTO_COMMENT_CHARS = ['#', ';', '@', '!', '$', '%', '^', '&', '|', ':'] as const;

/**
 * The team policy as sh assignments, sourced by the hooks so the fast path never parses JSON.
 * Written to `<git dir>/changetrail-policy.sh`; the hooks rebuild it when the config is newer.
 * `notice`, when given, is printed first by every hook run (a broken config, the policy kept).
 */
export function compilePolicy(config: TeamConfig, hasConfig: boolean, git: MessageGitSettings, notice?: string): string {
  const auto = git.commentChar === 'auto';
  const commentChar = git.commentChar && !auto ? git.commentChar : '#';
  const format = config.tickets.commitFormat;
  // The sh shortcut of prepare-commit-msg applies the format itself; custom patterns need the CLI.
  const fastPrepare = format.includes('{message}') && config.tickets.patterns.length === 0 && !auto;
  const lines = [
    '# ChangeTrail policy compiled from .changetrail/config.json; rebuilt automatically, do not edit.',
    `CT_HAS_CONFIG=${hasConfig ? 1 : 0}`,
    `CT_REQUIRE_COMMIT=${config.tickets.requireOnCommit ? 1 : 0}`,
    `CT_PROJECTS=${shQuote(config.tickets.projects.join(' '))}`,
    `CT_LOOKALIKES=${shQuote([...LOOKALIKE_KEYS].join(' '))}`,
    `CT_FORMAT=${shQuote(format)}`,
    `CT_COMMENT_CHAR=${shQuote(commentChar)}`,
    `CT_COMMENT_AUTO=${auto ? 1 : 0}`,
    // Lines starting with one of these may be comments git strips: the fast path never counts them.
    `CT_CCS=${shQuote(auto ? AUTO_COMMENT_CHARS.join(' ') : commentChar)}`,
    `CT_CLEANUP=${shQuote(git.cleanup ?? 'default')}`,
    `CT_KEY_GLOBS=${shQuote(keyGlobs(config.tickets.projects).join(' '))}`,
    `CT_FAST_PREPARE=${fastPrepare ? 1 : 0}`,
    `CT_BROKEN=${shQuote(notice ?? '')}`,
    `CT_NUMBERED=${shQuote(numberedKinds(numberedTrackers(config.trackers)))}`,
    `CT_ENV_KEY=${shQuote(git.envKey ?? '')}`,
  ];
  if (fastPrepare) lines.push(`ct_fmt() { CT_OUT=${shFormat(format)}; }`);
  // Linked tickets win over branch names; a case statement looks them up without a process.
  lines.push('ct_linked() {', '  case $1 in');
  for (const [branch, ticket] of git.linked ?? []) lines.push(`    ${shQuote(branch)}) CT_LINKED=${shQuote(ticket)} ;;`);
  lines.push('    *) CT_LINKED= ;;', '  esac', '}');
  return `${lines.join('\n')}\n`;
}

/** The commit format as one sh word: {ticket} is "$1", {message} is "$2", the rest quoted. */
function shFormat(format: string): string {
  const parts = format.split(/(\{ticket\}|\{message\})/).filter((p) => p !== '');
  return parts.map((p) => (p === '{ticket}' ? '"$1"' : p === '{message}' ? '"$2"' : shQuote(p))).join('') || "''";
}

/** sh `case` patterns for the listed project keys in any case (`[Pp][Rr][Oo][Jj]`). */
export function keyGlobs(projects: readonly string[]): string[] {
  return projects.map((p) => [...p].map((c) => (/[A-Z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join(''));
}

/** The trackers whose issue numbers count, as the awk program reads them ("github azure"). */
function numberedKinds(numbered: NumberedTrackers): string {
  return [numbered.github && 'github', numbered.azure && 'azure'].filter(Boolean).join(' ');
}
