import { isAbsolute, join, relative } from 'node:path';
import { formatProblem, isBroken } from '../core/config/configProblem';
import { loadTeamConfig } from '../core/config/loadTeamConfig';
import { TEAM_CONFIG_PATH, type TeamConfig } from '../core/config/teamConfigSchema';
import { ChangeTrailError, isChangeTrailError } from '../core/errors';
import type { Logger } from '../core/log';
import type { CliContext } from './cliContext';

/** What a command does with the change log; its refusal says what it did not do. */
export type LogUse = 'read' | 'write';

/**
 * A team config that is not used as written (not valid JSON, a field of the wrong type): its
 * defaults would stand in for the team's choices, the change log's path above all, so a command
 * would read or split a log that is not the team's.
 */
export class BrokenTeamConfig extends ChangeTrailError {
  constructor(problems: readonly string[]) {
    super('ConfigInvalid', `the team config is broken (${problems.join('; ').replace(/\s*\n\s*/g, ' ')}): cannot tell which change log is the team's`);
    this.name = 'BrokenTeamConfig';
  }
}

/** A command that stopped: it has said why, and returns this exit code. */
export interface Refusal {
  readonly refused: true;
  readonly exitCode: 2;
}

/** Whether a helper's answer is a refusal rather than what was asked for. */
export function isRefusal(answer: unknown): answer is Refusal {
  return typeof answer === 'object' && answer !== null && (answer as Partial<Refusal>).refused === true;
}

/**
 * The team config of the repository at `root`, its warnings logged; throws BrokenTeamConfig when
 * any problem is an error (configProblem.isBroken, the rule `check` uses). The file is named as
 * seen from `cwd` when it lies under it, else by its full path (a --repo elsewhere).
 */
export async function usableTeamConfig(root: string, logger: Logger, cwd?: string): Promise<TeamConfig> {
  const { config, problems } = await loadTeamConfig(root);
  const fromCwd = cwd === undefined ? TEAM_CONFIG_PATH : relative(cwd, join(root, TEAM_CONFIG_PATH));
  const file = fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd) ? join(root, TEAM_CONFIG_PATH) : fromCwd;
  const shown = problems.map((p) => formatProblem({ ...p, file }));
  if (isBroken(problems)) throw new BrokenTeamConfig(shown);
  for (const line of shown) logger.warn(line);
  return config;
}

/**
 * What `work` answers, or, when it met a broken team config, a Refusal after one line on stderr
 * naming the file and what was not done. Every other error goes on to the caller.
 */
export async function unlessConfigBroken<T>(ctx: Pick<CliContext, 'err'>, command: string, use: LogUse, work: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await work();
  } catch (error) {
    // By name too: in dist/ a chunk may bundle its own copy of this class.
    if (!(error instanceof BrokenTeamConfig) && !(isChangeTrailError(error) && error.name === 'BrokenTeamConfig')) throw error;
    ctx.err(`changetrail ${command}: ${(error as Error).message}; ${use === 'write' ? 'nothing was recorded' : 'nothing was read'}`);
    return { refused: true, exitCode: 2 };
  }
}

/** The team config of the repository at `root`, or a Refusal (said on stderr) when it is broken. */
export function teamConfigFor(ctx: Pick<CliContext, 'err' | 'cwd' | 'logger'>, command: string, use: LogUse, root: string): Promise<TeamConfig | Refusal> {
  return unlessConfigBroken(ctx, command, use, () => usableTeamConfig(root, ctx.logger, ctx.cwd));
}
