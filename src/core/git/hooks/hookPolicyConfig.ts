import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem, isBroken } from '../../config/configProblem';
import { loadTeamConfig } from '../../config/loadTeamConfig';
import { TEAM_CONFIG_PATH, type TeamConfig, teamConfigSchema } from '../../config/teamConfigSchema';

/** Where the hooks keep the last team config that read without a problem (per git dir). */
export const LAST_GOOD_CONFIG_FILE = 'changetrail-last-good-config.json';

/** The policy the hooks enforce, and what to say first when it is not the file's own. */
export interface HookPolicyConfig {
  readonly config: TeamConfig;
  readonly found: boolean;
  /** Set when the config file is broken or unreadable: one line, printed first by every hook run. */
  readonly notice?: string;
}

/**
 * The team policy for the hooks of the worktree at `workTree` (git dir `gitDir`). A config that
 * reads cleanly is remembered; a broken or unreadable one never loosens enforcement: the last
 * good one stays in force (or, never having had one, the defaults with the valid fields), and
 * the notice says so.
 */
export async function hookPolicyConfig(workTree: string, gitDir: string): Promise<HookPolicyConfig> {
  const team = await loadTeamConfig(workTree);
  const lastGood = join(gitDir, LAST_GOOD_CONFIG_FILE);
  // Warnings (a pattern other tools would run slowly) leave the policy as written: only errors keep the last good one.
  if (!isBroken(team.problems)) {
    if (team.found) await writeFile(lastGood, `${JSON.stringify(team.config)}\n`).catch(() => undefined);
    else await rm(lastGood, { force: true });
    return { config: team.config, found: team.found };
  }
  const kept = await readLastGood(lastGood);
  const errors = team.problems.filter((p) => p.severity !== 'warning');
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const notice =
    `ChangeTrail: ${TEAM_CONFIG_PATH} is broken: ${formatProblem(errors[0])}${more}. ` +
    (kept ? 'The hooks keep enforcing the last good policy' : 'The hooks enforce the default policy with the valid fields') +
    ' until it is fixed; see: changetrail config check';
  return { config: kept ?? team.config, found: true, notice: notice.replace(/[\r\n]+/g, ' ') };
}

async function readLastGood(file: string): Promise<TeamConfig | undefined> {
  try {
    const parsed = teamConfigSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
