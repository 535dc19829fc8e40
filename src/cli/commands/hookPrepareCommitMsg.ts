import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ChangeTrailError } from '../../core/errors';
import { amendFromArgs, processArgs } from '../../core/git/hooks/commitCleanup';
import { addTicket, effectiveMessage } from '../../core/tickets/commitMessage';
import { branchTicket } from '../../core/tickets/ticketForBranch';
import { findTickets, ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, reportProblems } from '../cliOptions';
import { parseArgs } from '../parseArgs';
import { hookContext } from './hookContext';

/**
 * `changetrail hook prepare-commit-msg <file> <strip> <branch>`: adds the branch's ticket (a
 * linked one, or one a custom pattern finds) when the hook's fast path found none in the name.
 */
export const hookPrepareCommitMsgCommand: CliCommand = {
  name: 'hook prepare-commit-msg',
  usage: 'hook prepare-commit-msg <message-file> [strip] [branch]',
  summary: "add the branch's ticket to a commit message file when it names none",
  hidden: true,
  async run(context) {
    const args = parseArgs(context.args, [], []);
    const [file, strip, branch, ...extra] = args.positionals;
    const problems = [...args.problems, ...extra.map((p) => `unexpected "${p}"`)];
    if (file === undefined) problems.push('give the commit message file: changetrail hook prepare-commit-msg <message-file> [strip] [branch]');
    if (reportProblems(context.err, 'hook prepare-commit-msg', problems) || file === undefined) return USAGE_ERROR;
    const hook = await hookContext(context, strip);
    // An amend keeps its message as it is (README), also with -m, which git reports as "message".
    const argv = await processArgs(process.env.CT_GIT_PID);
    if (argv && amendFromArgs(argv)) return 0;
    const { ticket, linked } = await branchTicket(branch, hook.config.tickets, { cwd: hook.workTree });
    if (!ticket) return 0;
    const path = resolve(context.cwd, file);
    const raw = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ChangeTrailError('BadInput', `hook prepare-commit-msg: cannot read the message file ${file} (${error.code ?? error.message})`);
    });
    const message = effectiveMessage(raw, hook.format);
    if (findTickets(message, ticketSyntaxOf(hook.config, linked)).length > 0) return 0;
    // No editor and nothing written (-m ""): git's own "empty message" abort stands.
    if (message === '' && process.env.GIT_EDITOR === ':') return 0;
    await writeFile(path, addTicket(raw, ticket, hook.config.tickets.commitFormat, hook.format));
    return 0;
  },
};
