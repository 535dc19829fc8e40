// Entry of dist/cli-hooks.js: the commands the git hooks run on their slow path (and when the
// policy needs compiling), so a hook loads neither `check` nor the rest of the CLI.
export { hookCommitMsgCommand } from './commands/hookCommitMsg';
export { hookPrePushCommand } from './commands/hookPrePush';
export { hookPrepareCommitMsgCommand } from './commands/hookPrepareCommitMsg';
export { hooksCompilePolicyCommand } from './commands/hooksCompilePolicy';
