import type { LiveInIndex } from '../../core/history/liveIn';
import type { Logger } from '../../core/log';

type HistoryLib = typeof import('../../core/history/historyEntry');

// One index of deployed heads' ancestors for the "Why did this line change?" hover and File
// History: a head's history is read once per window, by whichever asks first, with the git the
// user configured (git.path).
let shared: { readonly index: LiveInIndex; readonly gitPath: string | undefined } | undefined;

/** The window's LiveInIndex (made again if the configured git changed). */
export function sharedLiveIn(lib: Pick<HistoryLib, 'LiveInIndex'>, logger: Logger, gitPath: string | undefined): LiveInIndex {
  if (!shared || shared.gitPath !== gitPath) shared = { index: new lib.LiveInIndex(logger, 8, gitPath), gitPath };
  return shared.index;
}
