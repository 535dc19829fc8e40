// Entry of dist/records.js: the change log, the outbox and the sinks, loaded by the extension
// on first use so activation does not pay for them.
export { appendEntry, changeLogPath, readLog } from './changeLog';
export { queryLog } from './changeLogQuery';
export { Outbox } from './outbox';
export { TicketCommentSink, ticketMatcher } from './sinks/ticketCommentSink';
export { WebhookSink } from './sinks/webhookSink';
export { ensureUnionMerge } from './unionMerge';
