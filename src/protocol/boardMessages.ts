import * as z from 'zod/mini';
import { boardIndexSchema, boardMonthSchema } from './boardData';

// Messages between the host and the change board in a webview panel (ChangeTrail: Open Change
// Board). The page is the static board's own code (src/board); in the panel its documents arrive as
// messages instead of data scripts. Both sides validate.

/** Host -> webview. `board` answers `ready`; `month` answers `loadMonth`; `problem` says why data is missing. */
export const hostToBoardSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('board'), index: boardIndexSchema, months: z.array(boardMonthSchema) }),
  z.object({ type: z.literal('month'), month: boardMonthSchema }),
  z.object({ type: z.literal('problem'), message: z.string() }),
]);
export type HostToBoard = z.infer<typeof hostToBoardSchema>;

/** Webview -> host. The host posts nothing before `ready`. */
export const boardToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('loadMonth'), key: z.string().check(z.regex(/^\d{4}-\d{2}$/)) }),
]);
export type BoardToHost = z.infer<typeof boardToHostSchema>;
