// Entry of dist/board-data.js: what the editor's Open Change Board needs to build the board's
// documents, loaded on first use so activation does not pay for the metrics code.
export { buildBoard } from './boardData';
export { commitTimes } from '../git/commitTimes';
export { localTimeZone } from '../checklist/zonedTime';
