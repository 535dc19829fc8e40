import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { amendFromArgs, processArgs } from '../../core/git/hooks/commitCleanup';
import { applyAsciiEdit, readMessageFile } from '../../core/git/hooks/messageFile';
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
    // Read in i18n.commitEncoding as commit-msg reads it; the ticket goes into the original bytes.
    const read = await readMessageFile(file, context.cwd, 'hook prepare-commit-msg');
    const raw = read.text;
    const message = effectiveMessage(raw, hook.format);
    if (findTickets(message, ticketSyntaxOf(hook.config, linked)).length > 0) return 0;
    // No editor and nothing written (-m ""): git's own "empty message" abort stands.
    if (message === '' && process.env.GIT_EDITOR === ':') return 0;
    const edited = addTicket(raw, ticket, hook.config.tickets.commitFormat, hook.format);
    const bytes = applyAsciiEdit(read, edited) ?? (read.encoding === undefined || /^utf-?8$/i.test(read.encoding) ? Buffer.from(edited, 'utf8') : undefined);
    if (!bytes) {
      // Never rewrite the user's text in another encoding; commit-msg still checks the message.
      context.err(`ChangeTrail: could not add ${ticket} to the message without changing its ${read.encoding} text; name the ticket yourself.`);
      return 0;
    }
    await writeFile(resolve(context.cwd, file), bytes);
    return 0;
  },
};
