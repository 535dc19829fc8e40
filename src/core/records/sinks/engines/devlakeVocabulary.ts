import { DEVLAKE_ENVIRONMENTS } from '../../../config/engines/devlakeEngineSchema';
import type { IncidentRecord } from '../../changeRecord';

type DevlakeEnvironment = (typeof DEVLAKE_ENVIRONMENTS)[number];

/**
 * DevLake's environment for one of ours: the team's mapping first, then a guess from the name
 * (DevLake's DORA dashboards count PRODUCTION only, so "prod-eu" must not arrive as "PROD-EU").
 */
export function devlakeEnvironment(name: string, mapping: Readonly<Record<string, DevlakeEnvironment>> = {}): string {
  const mapped = Object.prototype.hasOwnProperty.call(mapping, name) ? mapping[name] : undefined;
  if (mapped) return mapped;
  const lower = name.toLowerCase();
  if (/stag|preprod|uat/.test(lower)) return 'STAGING';
  if (/prod|live/.test(lower)) return 'PRODUCTION';
  if (/test|qa/.test(lower)) return 'TESTING';
  if (/dev|local/.test(lower)) return 'DEVELOPMENT';
  return name.toUpperCase();
}

/** An incident's status in DevLake's issue vocabulary (TODO, IN_PROGRESS, DONE). */
export function devlakeIssueStatus(status: IncidentRecord['status']): 'TODO' | 'IN_PROGRESS' | 'DONE' {
  return status === 'resolved' ? 'DONE' : status === 'mitigated' ? 'IN_PROGRESS' : 'TODO';
}
