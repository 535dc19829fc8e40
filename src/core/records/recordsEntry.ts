// Entry of dist/records.js: the change log, the outbox, the sinks, deployment notes and digests,
// loaded by the extension on first use so activation does not pay for them.
export { appendEntry, changeLogPath, readLog } from './changeLog';
export { queryLog } from './changeLogQuery';
export { Outbox } from './outbox';
export { TicketCommentSink, ticketMatcher } from './sinks/ticketCommentSink';
export { WebhookSink } from './sinks/webhookSink';
export { ensureUnionMerge } from './unionMerge';
export { createChannelSinks } from './sinks/channelSinks';
export { NoteStore } from '../notes/noteStore';
export { queueChannelPost } from '../notes/channelDelivery';
export { deploymentRange } from '../notes/deploymentRange';
export { buildDeploymentNote, buildDeploymentRecord, recordedNote } from '../notes/deploymentNote';
export { tagDeployment } from '../notes/deploymentTag';
export { renderMarkdown } from '../notes/renderMarkdown';
export { renderEmail } from '../notes/renderEmail';
export { buildDigest } from '../notes/digest';
export { unreadableLinesNotice } from '../notes/unreadableLines';
export { readProblems } from './index/readProblems';
export { deployedWithoutRecord } from '../notes/deployedWithoutRecord';
export { digestCarrier } from '../notes/digestCarrier';
export { openChangeLogIndex } from './index/openChangeLogIndex';
export { prepareLogEntryCheck } from './logEntryCheck';
export { deploymentCandidates, deploymentRangeWithEntries, entriesForRange, latestDeployments, manualChangesSinceDeployment, recordsByCommit } from './index/indexAnswers';
export { ManualChangeRefused, buildManualChange, parseManualChange } from './manualChange';
export { createEngineSinks } from './sinks/engines/createEngineSinks';
