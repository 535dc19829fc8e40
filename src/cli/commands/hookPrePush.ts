import { matchesBranchGlob } from '../../core/git/branchGlob';
import { hookPolicyConfig } from '../../core/git/hooks/hookPolicyConfig';
import { commitsUnderPolicy, pushRevisions } from '../../core/git/hooks/pushRange';
import { runGit } from '../../core/git/runGit';
import { checkCommits } from '../../core/tickets/checkCommits';
import { ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, reportProblems } from '../cliOptions';
import { parseArgs } from '../parseArgs';
import { verdictReport } from './printVerdicts';

const ZERO = /^0+$/;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `changetrail hook pre-push <remote> <url>` (stdin: git's ref lines): checks pushes to protected
 * branches, only the commits no protected branch of a remote has and that `enforcement.since` covers.
 */
export const hookPrePushCommand: CliCommand = {
  name: 'hook pre-push',
  usage: 'hook pre-push [<remote> [<url>]]  (stdin: the ref lines git gives the pre-push hook)',
  summary: 'check the commits of a push to a protected branch (what the pre-push hook runs)',
  hidden: true,
  async run({ args, cwd, err, logger }) {
    // What git passes the hook: the remote's name and URL, which the check does not need.
    const parsed = parseArgs(args, [], []);
    const problems = [...parsed.problems, ...parsed.positionals.slice(2).map((p) => `unexpected "${p}"`)];
    if (reportProblems(err, 'hook pre-push', problems)) return USAGE_ERROR;
    const [root, gitDir] = (await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir'], { cwd, logger })).split('\n');
    const { config } = await hookPolicyConfig(root, gitDir);
    let failed = 0;
    for (const line of (await readStdin()).split('\n').filter(Boolean)) {
      const [, localSha, remoteRef, remoteSha] = line.split(' ');
      const branch = remoteRef?.replace(/^refs\/heads\//, '');
      if (!localSha || ZERO.test(localSha) || !branch || !config.branches.protected.some((g) => matchesBranchGlob(branch, g))) continue;
      const target = { remote: args[0] ?? '', branch, protected: config.branches.protected };
      const range = await pushRevisions(localSha, remoteSha ?? '', target, { cwd: root, logger });
      const { commits, warning } = await commitsUnderPolicy(range, config.enforcement.since, { cwd: root, logger });
      if (warning) err(`ChangeTrail: ${warning}`);
      const verdicts = checkCommits(commits, ticketSyntaxOf(config));
      if (verdicts.some((v) => !v.ok)) {
        failed++;
        err(`ChangeTrail: push to protected branch ${branch} refused.`);
        verdictReport(verdicts, range.join(' ')).forEach((l) => err(l));
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
