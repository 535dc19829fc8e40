// Entry of dist/history.js: the File History core, loaded by the extension on first use so
// activation does not pay for it.
export { streamFileHistory } from './fileHistory';
export { cachedFileHistory, HistoryCache } from './historyCache';
export { deployedHeads, isLiveIn, LiveInIndex } from './liveIn';
export { fileIsBinary, fileStatus, presumablyTracked } from './fileState';
export { blameLine } from './lineBlame';
export { liveSummary, relativeTime, supportLine } from './supportSummary';
export { GitSpawner } from '../git/gitSpawner';
export { batchedPerTurn } from './perTurnBatches';
