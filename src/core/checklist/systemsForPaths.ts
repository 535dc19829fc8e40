import type { SystemConfig, TeamConfig } from '../config/teamConfigSchema';
import { normalizeRepoPath, pathGlobToRegExp } from './pathGlob';

/** How critical a system is, least to most. */
export type Criticality = SystemConfig['criticality'];

/** Who owns escalation, by criticality; the team config's `escalation`. */
export type EscalationMatrix = TeamConfig['escalation'];

/** Criticalities from least to most critical. */
export const CRITICALITIES: readonly Criticality[] = ['low', 'medium', 'high', 'critical'];

/** A system a change touches: plain data (it travels to the webview and into records). */
export interface TouchedSystem {
  readonly name: string;
  readonly owner?: string;
  readonly criticality: Criticality;
  readonly thirdParty: boolean;
  /** The changed paths that belong to it; empty when a person added the system by hand. */
  readonly paths: readonly string[];
}

/** The escalation owner for a change. */
export interface Escalation {
  readonly owner: string;
  /** The highest criticality the change touches. */
  readonly criticality: Criticality;
  /** The systems at that criticality. */
  readonly systems: readonly string[];
}

/** The configured systems the changed `paths` belong to, in config order, each once with the paths that hit it. */
export function systemsTouched(paths: readonly string[], systems: readonly SystemConfig[]): TouchedSystem[] {
  const normalized = [...new Set(paths.map(normalizeRepoPath).filter((p) => p !== ''))];
  const touched: TouchedSystem[] = [];
  const seen = new Set<string>();
  for (const system of systems) {
    // Two entries with one name are one system whose globs were split; the first entry's details win.
    if (seen.has(system.name)) continue;
    const globs = systems.filter((s) => s.name === system.name).flatMap((s) => s.paths).map(pathGlobToRegExp);
    const hits = normalized.filter((p) => globs.some((g) => g.test(p)));
    if (hits.length === 0) continue;
    seen.add(system.name);
    touched.push({
      name: system.name,
      ...(system.owner !== undefined ? { owner: system.owner } : {}),
      criticality: system.criticality,
      thirdParty: system.thirdParty,
      paths: hits,
    });
  }
  return touched;
}

/** The highest criticality among `systems`, or undefined when there are none. */
export function highestCriticality(systems: readonly Pick<TouchedSystem, 'criticality'>[]): Criticality | undefined {
  let best = -1;
  for (const s of systems) best = Math.max(best, CRITICALITIES.indexOf(s.criticality));
  return best < 0 ? undefined : CRITICALITIES[best];
}

/**
 * Who owns escalation for the highest criticality touched. When the matrix leaves that level out,
 * the nearest level below answers, else the nearest above: some owner beats none at 6 AM.
 */
export function escalationFor(systems: readonly Pick<TouchedSystem, 'name' | 'criticality'>[], matrix: EscalationMatrix): Escalation | undefined {
  const criticality = highestCriticality(systems);
  if (criticality === undefined) return undefined;
  const level = CRITICALITIES.indexOf(criticality);
  const candidates = [...CRITICALITIES.slice(0, level + 1).reverse(), ...CRITICALITIES.slice(level + 1)];
  const owner = candidates.map((c) => matrix[c]?.trim()).find((o): o is string => o !== undefined && o !== '');
  if (owner === undefined) return undefined;
  return { owner, criticality, systems: systems.filter((s) => s.criticality === criticality).map((s) => s.name) };
}

/** The touched systems as a person would list them, one a line: `Payments (critical, third party, owner Team Pay)`. */
export function describeSystems(systems: readonly TouchedSystem[]): string {
  return systems
    .map((s) => {
      const details: string[] = [s.criticality];
      if (s.thirdParty) details.push('third party');
      if (s.owner) details.push(`owner ${s.owner}`);
      return `${s.name} (${details.join(', ')})`;
    })
    .join('\n');
}
