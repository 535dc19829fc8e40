// Entry of dist/incidents.js: what changed, incidents, escalation, rollback and lessons, loaded by
// the extension on first use of an incident command so activation does not pay for them.
export { whatChanged } from './whatChanged';
export { whatChangedMarkdown } from './renderWhatChanged';
export { suggestLevel } from './escalation';
export { findIncident, openIncidentRecord, resolveIncidentRecord } from './incidentRecords';
export { withIncidentLock } from './incidentLock';
export { incidentNote } from './incidentNote';
export { planRollback, rollbackRecord } from './rollbackPlan';
export { rollbackNote } from './rollbackNote';
export { describeRollbackPlan } from './rollbackDescription';
export { searchLessons } from './lessons';
export { parseAt } from './timeSpec';
export { commitIncidentText, incidentsBySha, incidentsForCommits } from './commitIncidents';
export { deploymentCommits } from './deploymentCommits';
