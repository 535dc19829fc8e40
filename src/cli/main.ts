import { type Clock, CLOCK_ENV, clockFromEnv, systemClock } from '../core/clock';
import { errorMessage, isChangeTrailError } from '../core/errors';
import type { Logger } from '../core/log';
import type { CliCommand, CliContext } from './cliContext';
import { safeIo } from './terminalOutput';

declare const CHANGETRAIL_VERSION: string;

/** A command by name, loaded only when it runs (or for --help). */
export interface LazyCliCommand {
  readonly name: string;
  load(): Promise<CliCommand>;
}

// In dist/ each module required below is a chunk beside cli.js (esbuild.lazy.mjs CLI_CHUNKS):
// `check` and the hooks load only their own code, not zod, RE2 or the change log's machinery of
// the others. require, not import(): a dynamic import starts Node's ESM loader, ~20 ms more.
/* eslint-disable @typescript-eslint/no-require-imports */
const rest = async () => require('./commandsEntry') as typeof import('./commandsEntry');
const hooks = async () => require('./hookCommandsEntry') as typeof import('./hookCommandsEntry');
const check = async () => require('./commands/check') as typeof import('./commands/check');
const board = async () => require('./commands/board') as typeof import('./commands/board');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every command, in --help order; `name` must be the loaded command's name (a unit test checks). */
export const cliCommands: readonly LazyCliCommand[] = [
  { name: 'check', load: async () => (await check()).checkCommand },
  { name: 'note', load: async () => (await rest()).noteCommand },
  { name: 'digest', load: async () => (await rest()).digestCommand },
  { name: 'ticket', load: async () => (await rest()).branchTicketCommand },
  { name: 'hooks install', load: async () => (await rest()).hooksInstallCommand },
  { name: 'hooks uninstall', load: async () => (await rest()).hooksUninstallCommand },
  { name: 'hooks status', load: async () => (await rest()).hooksStatusCommand },
  { name: 'config check', load: async () => (await rest()).configCheckCommand },
  { name: 'config schema', load: async () => (await rest()).configSchemaCommand },
  { name: 'hook commit-msg', load: async () => (await hooks()).hookCommitMsgCommand },
  { name: 'hook prepare-commit-msg', load: async () => (await hooks()).hookPrepareCommitMsgCommand },
  { name: 'hook pre-push', load: async () => (await hooks()).hookPrePushCommand },
  { name: 'hooks compile-policy', load: async () => (await hooks()).hooksCompilePolicyCommand },
  { name: 'metrics', load: async () => (await rest()).metricsCommand },
  { name: 'export', load: async () => (await rest()).exportCommand },
  { name: 'gate', load: async () => (await rest()).gateCommand },
  { name: 'record', load: async () => (await rest()).recordCommand },
  { name: 'board', load: async () => (await board()).boardCommand },
  { name: 'changed', load: async () => (await rest()).changedCommand },
  { name: 'incident open', load: async () => (await rest()).incidentOpenCommand },
  { name: 'incident update', load: async () => (await rest()).incidentUpdateCommand },
  { name: 'incident resolve', load: async () => (await rest()).incidentResolveCommand },
  { name: 'rollback', load: async () => (await rest()).rollbackCommand },
  { name: 'lessons', load: async () => (await rest()).lessonsCommand },
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

async function usage(): Promise<string> {
  const shown = (await Promise.all(cliCommands.map((c) => c.load()))).filter((c) => !c.hidden);
  const width = Math.max(...shown.map((c) => c.name.length));
  return [
    'Usage: changetrail <command> [options]',
    '',
    ...shown.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '  --version  print the version',
    '',
    'changetrail <command> --help prints the usage of one command.',
  ].join('\n');
}

/** Whether the words after the command ask for its help: `--help` or `-h`, wherever they stand. */
function asksForHelp(args: readonly string[]): boolean {
  return args.some((a) => a === '--help' || a === '-h');
}

/** `changetrail <command> --help`: the command's usage and summary; nothing of it runs. */
function commandHelp(command: CliCommand): string {
  return [`Usage: changetrail ${command.usage}`, '', `  ${command.summary}`].join('\n');
}

/**
 * The commands under a group word (`changetrail hooks --help`), when `argv` asks for help with
 * one; undefined when it names no group.
 */
async function groupHelp(argv: readonly string[]): Promise<string | undefined> {
  if (!asksForHelp(argv.slice(1))) return undefined;
  const shown = await groupCommands(argv[0]);
  return shown.length === 0 ? undefined : shown.map((c) => commandHelp(c)).join('\n\n');
}

/** The commands shown under a group word (`hooks`: install, uninstall, status); none for other words. */
async function groupCommands(word: string | undefined): Promise<CliCommand[]> {
  const group = cliCommands.filter((c) => c.name.startsWith(`${word} `));
  return (await Promise.all(group.map((c) => c.load()))).filter((c) => !c.hidden);
}

/**
 * What to say for words that name no command: under a group word (`changetrail hooks`, `changetrail
 * hooks instal`) the group's own commands, not the whole list after "unknown command \"hooks\"".
 */
async function unknownCommand(argv: readonly string[]): Promise<string> {
  const group = await groupCommands(argv[0]);
  if (group.length === 0) return `changetrail: unknown command "${argv.join(' ')}"\n\n${await usage()}`;
  const words = group.map((c) => c.name.slice(argv[0].length + 1));
  const first = argv.length === 1 || argv[1].startsWith('-') ? `changetrail ${argv[0]}: name one of its commands: ${words.join(', ')}` : `changetrail: unknown command "${argv.join(' ')}"; the ${argv[0]} commands are ${words.join(', ')}`;
  return `${first}\n\n${group.map((c) => commandHelp(c)).join('\n\n')}`;
}

/**
 * Error codes that mean the input (an option, a file, an environment variable, the folder run in)
 * cannot be used: exit 2, as for bad usage. Every other ChangeTrailError is a "no" (exit 1); what
 * is not a ChangeTrailError is ChangeTrail's own fault (70).
 */
const INPUT_ERRORS: ReadonlySet<string> = new Set(['BadInput', 'BadRange', 'ConfigInvalid', 'NotARepository', 'GitNotFound', 'LogPathRefused']);

/** The exit code for an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (!isChangeTrailError(error)) return 70;
  return INPUT_ERRORS.has(error.code) ? 2 : 1;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Pick<CliContext, 'out' | 'err' | 'cwd'> & { readonly clock?: Clock }): Promise<number> {
  io = safeIo(io);
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.out(typeof CHANGETRAIL_VERSION === 'string' ? CHANGETRAIL_VERSION : 'dev');
    return 0;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(await usage());
    return argv.length === 0 ? 2 : 0;
  }
  // Longest match first, so "config check" wins over a hypothetical "config".
  const sorted = [...cliCommands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const entry = sorted.find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (!entry) {
    const help = await groupHelp(argv);
    if (help) {
      io.out(help);
      return 0;
    }
    io.err(await unknownCommand(argv));
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
  const args = argv.slice(entry.name.split(' ').length).filter((a) => a !== '--verbose');
  try {
    const command = await entry.load();
    // Before the clock is read: help works whatever CHANGETRAIL_NOW holds, and runs nothing.
    if (asksForHelp(args)) {
      io.out(commandHelp(command));
      return 0;
    }
    const clock = io.clock ?? announcedClock(io.err);
    return await command.run({ ...io, args, logger, clock });
  } catch (error) {
    io.err(`changetrail: ${errorMessage(error)}`);
    return exitCodeOf(error);
  }
}
