import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { commitsInRange } from '../../core/git/commitLog';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import { runGit } from '../../core/git/runGit';
import { checkCommits } from '../../core/tickets/checkCommits';
import type { CliCommand } from '../cliContext';
import { verdictReport } from './printVerdicts';

async function defaultRange(cwd: string): Promise<string[]> {
  try {
    await runGit(['rev-parse', '--verify', '--quiet', '@{upstream}'], { cwd });
    return ['@{upstream}..HEAD'];
  } catch {
    return ['HEAD', '--not', '--remotes'];
  }
}

/**
 * `changetrail check [<range>] [--format json]`: every commit in the range must name a ticket
 * (same policy and exemptions as the hooks). For CI, where `--no-verify` cannot skip it.
 */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'list commits in a range (default: not yet pushed) that name no ticket; exit 1 if any; --format json',
  async run({ args, cwd, out, logger }) {
    const root = await repositoryRoot({ cwd, logger });
    const formatAt = args.indexOf('--format');
    const json = formatAt >= 0 && args[formatAt + 1] === 'json';
    const revisions = formatAt < 0 ? [...args] : args.filter((_arg, i) => i !== formatAt && i !== formatAt + 1);
    const range = revisions.length > 0 ? revisions : await defaultRange(root);
    const { config } = await loadTeamConfig(root);
    const verdicts = checkCommits(await commitsInRange(range, { cwd: root, logger }), config.tickets);
    const failures = verdicts.filter((v) => !v.ok);
    if (json) out(JSON.stringify({ range: range.join(' '), total: verdicts.length, failed: failures.length, commits: verdicts }, null, 2));
    else verdictReport(verdicts, range.join(' ')).forEach((line) => out(line));
    return failures.length > 0 ? 1 : 0;
  },
};
