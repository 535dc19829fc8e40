import { type Clock, CLOCK_ENV, clockFromEnv, systemClock } from '../core/clock';
import { ChangeTrailError, errorMessage } from '../core/errors';
import type { Logger } from '../core/log';
import type { CliCommand, CliContext } from './cliContext';
import { branchTicketCommand } from './commands/branchTicket';
import { configCheckCommand } from './commands/configCheck';
import { configSchemaCommand } from './commands/configSchema';
import { checkCommand } from './commands/check';
import { digestCommand } from './commands/digest';
import { noteCommand } from './commands/note';
import { hookCommitMsgCommand } from './commands/hookCommitMsg';
import { hookPrePushCommand } from './commands/hookPrePush';
import { hookPrepareCommitMsgCommand } from './commands/hookPrepareCommitMsg';
import { hooksCompilePolicyCommand } from './commands/hooksCompilePolicy';
import { hooksInstallCommand } from './commands/hooksInstall';
import { hooksStatusCommand } from './commands/hooksStatus';
import { hooksUninstallCommand } from './commands/hooksUninstall';
import { metricsCommand } from './commands/metrics';
import { exportCommand } from './commands/export';
import { gateCommand } from './commands/gate';
import { recordCommand } from './commands/record';
import { boardCommand } from './commands/board';
import { safeIo } from './terminalOutput';
import { changedCommand } from './commands/changed';
import { incidentOpenCommand } from './commands/incidentOpen';
import { incidentUpdateCommand } from './commands/incidentUpdate';
import { incidentResolveCommand } from './commands/incidentResolve';
import { rollbackCommand } from './commands/rollback';
import { lessonsCommand } from './commands/lessons';

declare const CHANGETRAIL_VERSION: string;

const commands: readonly CliCommand[] = [
  checkCommand,
  noteCommand,
  digestCommand,
  branchTicketCommand,
  hooksInstallCommand,
  hooksUninstallCommand,
  hooksStatusCommand,
  configCheckCommand,
  configSchemaCommand,
  hookCommitMsgCommand,
  hookPrepareCommitMsgCommand,
  hookPrePushCommand,
  hooksCompilePolicyCommand,
  metricsCommand,
  exportCommand,
  gateCommand,
  recordCommand,
  boardCommand,
  changedCommand,
  incidentOpenCommand,
  incidentUpdateCommand,
  incidentResolveCommand,
  rollbackCommand,
  lessonsCommand,
];

/**
 * The process clock (CHANGETRAIL_NOW fixes it). A fixed clock is announced once, when a command
 * first asks for the time, so the hooks, which never do, stay quiet.
 */
function announcedClock(err: (line: string) => void): Clock {
  let iso: string | undefined;
  const clock = clockFromEnv(process.env, (at) => (iso = at));
  if (clock === systemClock || iso === undefined) return clock;
  let told = false;
  return {
    now: () => {
      if (!told) err(`warning: the clock is fixed at ${iso} (${CLOCK_ENV})`);
      told = true;
      return clock.now();
    },
  };
}

function usage(): string {
  const shown = commands.filter((c) => !c.hidden);
  const width = Math.max(...shown.map((c) => c.name.length));
  return [
    'Usage: changetrail <command> [options]',
    '',
    ...shown.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '  --version  print the version',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Pick<CliContext, 'out' | 'err' | 'cwd'> & { readonly clock?: Clock }): Promise<number> {
  io = safeIo(io);
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.out(typeof CHANGETRAIL_VERSION === 'string' ? CHANGETRAIL_VERSION : 'dev');
    return 0;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(usage());
    return argv.length === 0 ? 2 : 0;
  }
  // Longest match first, so "config check" wins over a hypothetical "config".
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const command = sorted.find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (!command) {
    io.err(`changetrail: unknown command "${argv.join(' ')}"\n\n${usage()}`);
    return 2;
  }
  const verbose = argv.includes('--verbose');
  const logger: Logger = {
    trace: (m) => verbose && io.err(m),
    debug: (m) => verbose && io.err(m),
    info: (m) => verbose && io.err(m),
    warn: (m) => io.err(`warning: ${m}`),
    error: (m) => io.err(`error: ${typeof m === 'string' ? m : m.message}`),
  };
  const args = argv.slice(command.name.split(' ').length).filter((a) => a !== '--verbose');
  try {
    const clock = io.clock ?? announcedClock(io.err);
    return await command.run({ ...io, args, logger, clock });
  } catch (error) {
    io.err(`changetrail: ${errorMessage(error)}`);
    return error instanceof ChangeTrailError ? 1 : 70;
  }
}
