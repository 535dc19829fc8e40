import type { TeamConfig } from '../config/teamConfigSchema';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';

/**
 * Why `environment` names nothing the team knows, or undefined when it is fine: it must be one of
 * the config's `environments` or be named by some entry of the logs. A typo such as `prodcution`
 * would otherwise match no deployment, no incident and no freeze, and the answer ("nothing was
 * deployed", 0 deployments) would read as a real one. Compared trimmed and case-insensitively, as
 * environments are everywhere else.
 */
export async function unknownEnvironment(environment: string, config: Pick<TeamConfig, 'environments'>, indexes: readonly ChangeLogIndex[], option = '--env'): Promise<string | undefined> {
  const wanted = environment.trim().toLowerCase();
  if (config.environments.some((e) => e.trim().toLowerCase() === wanted)) return undefined;
  for (const index of indexes) {
    if ((await index.query({ environment, currentOnly: false, limit: 1 })).length > 0) return undefined;
  }
  return `${option} "${environment}" is not one of the configured environments (${config.environments.join(', ') || 'none'}) and no entry of the change log names it: pass one of them, or add it to environments in .changetrail/config.json`;
}

/** The configured spelling of `environment` (trimmed, case-insensitive), or undefined when the config does not name it. */
export function configuredEnvironment(environment: string, config: Pick<TeamConfig, 'environments'>): string | undefined {
  const wanted = environment.trim().toLowerCase();
  return config.environments.find((e) => e.trim().toLowerCase() === wanted)?.trim();
}

/**
 * Why `system` names nothing the team knows, or undefined: it must be one of the config's
 * `systems` or be named by some entry of the logs (a change's systems, an incident's). A typo such
 * as `Biling` would rank no suspect first and give a system's metrics as zero.
 */
export async function unknownSystem(system: string, config: Pick<TeamConfig, 'systems'>, indexes: readonly ChangeLogIndex[], option = '--system'): Promise<string | undefined> {
  const wanted = system.trim().toLowerCase();
  if (config.systems.some((s) => s.name.trim().toLowerCase() === wanted)) return undefined;
  for (const index of indexes) {
    if ((await index.query({ system, currentOnly: false, limit: 1 })).length > 0) return undefined;
  }
  const named = config.systems.map((s) => s.name);
  return `${option} "${system}" is not one of the configured systems (${named.join(', ') || 'none'}) and no entry of the change log names it: pass one of them, or add it to systems in .changetrail/config.json`;
}
