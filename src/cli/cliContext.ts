import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';

/** What a CLI command gets: its arguments, where it runs, and where to write. */
export interface CliContext {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly logger: Logger;
  /** The one source of "now" for this run (CHANGETRAIL_NOW fixes it). */
  readonly clock: Clock;
}

/** A CLI command: returns the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /**
   * What follows `changetrail` on the command line, for `changetrail <command> --help`, such as
   * `hooks install [--pre-push]`, with every option the command takes: a help that said only
   * `<name> [options]` left a new user no way to learn them but the README.
   */
  readonly usage: string;
  /** Internal commands (called by the hooks) are left out of --help. */
  readonly hidden?: boolean;
  run(context: CliContext): Promise<number>;
}
