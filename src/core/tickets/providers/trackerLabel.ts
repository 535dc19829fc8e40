import type { TrackerConfig } from '../../config/teamConfigSchema';

/** A name for a tracker, for people and error messages. */
export function trackerLabel(tracker: TrackerConfig): string {
  const host = 'baseUrl' in tracker && tracker.baseUrl ? ` (${new URL(tracker.baseUrl).host})` : '';
  const names: Record<TrackerConfig['type'], string> = {
    'jira-cloud': 'Jira Cloud',
    'jira-server': 'Jira Data Center',
    github: 'GitHub',
    gitlab: 'GitLab',
    linear: 'Linear',
    'azure-boards': 'Azure Boards',
    local: 'Local tickets',
  };
  return `${names[tracker.type]}${host}`;
}
