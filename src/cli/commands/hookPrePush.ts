import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { matchesBranchGlob } from '../../core/git/branchGlob';
import { commitsInRange } from '../../core/git/commitLog';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import { checkCommits } from '../../core/tickets/checkCommits';
import type { CliCommand } from '../cliContext';
import { verdictReport } from './printVerdicts';

const ZERO = /^0+$/;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `changetrail hook pre-push <remote> <url>` (stdin: git's ref lines): checks pushes to protected branches. */
export const hookPrePushCommand: CliCommand = {
  name: 'hook pre-push',
  summary: 'check the commits of a push to a protected branch (what the pre-push hook runs)',
  hidden: true,
  async run({ args, cwd, err, logger }) {
    const [remote] = args;
    const root = await repositoryRoot({ cwd, logger });
    const { config } = await loadTeamConfig(root);
    let failed = 0;
    for (const line of (await readStdin()).split('\n').filter(Boolean)) {
      const [, localSha, remoteRef, remoteSha] = line.split(' ');
      const branch = remoteRef?.replace(/^refs\/heads\//, '');
      if (!localSha || ZERO.test(localSha) || !branch || !config.branches.protected.some((g) => matchesBranchGlob(branch, g))) continue;
      const range = ZERO.test(remoteSha) ? [localSha, '--not', `--remotes=${remote}`] : [`${remoteSha}..${localSha}`];
      const commits = await commitsInRange(range, { cwd: root, logger }).catch(() => commitsInRange([localSha, '--not', '--remotes'], { cwd: root, logger }));
      const verdicts = checkCommits(commits, config.tickets);
      if (verdicts.some((v) => !v.ok)) {
        failed++;
        err(`ChangeTrail: push to protected branch ${branch} refused.`);
        verdictReport(verdicts, range.join(' ')).forEach((l) => err(l));
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
