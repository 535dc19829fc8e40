// Entry of dist/cli-commands.js: every command but `check`, `board` and the hooks' own, required when
// one of them runs (src/cli/main.ts), so `check`, `board` and the hooks never load what these need.
export { branchTicketCommand } from './commands/branchTicket';
export { changedCommand } from './commands/changed';
export { configCheckCommand } from './commands/configCheck';
export { configSchemaCommand } from './commands/configSchema';
export { digestCommand } from './commands/digest';
export { exportCommand } from './commands/export';
export { gateCommand } from './commands/gate';
export { hooksInstallCommand } from './commands/hooksInstall';
export { hooksStatusCommand } from './commands/hooksStatus';
export { hooksUninstallCommand } from './commands/hooksUninstall';
export { incidentOpenCommand } from './commands/incidentOpen';
export { incidentResolveCommand } from './commands/incidentResolve';
export { incidentUpdateCommand } from './commands/incidentUpdate';
export { lessonsCommand } from './commands/lessons';
export { metricsCommand } from './commands/metrics';
export { noteCommand } from './commands/note';
export { recordCommand } from './commands/record';
export { rollbackCommand } from './commands/rollback';
