import { runGit } from '../../core/git/runGit';
import { writePolicy } from '../../core/git/hooks/writePolicy';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, parseCliOptions, reportProblems } from '../cliOptions';

/** `changetrail hooks compile-policy --out <file>`: used by the hooks when the team config changed. */
export const hooksCompilePolicyCommand: CliCommand = {
  name: 'hooks compile-policy',
  usage: 'hooks compile-policy [--out <file>]',
  summary: '(used by the hooks) compile .changetrail/config.json for the hooks',
  hidden: true,
  async run({ args, cwd, err, logger }) {
    const o = parseCliOptions(args, ['--out'], []);
    if (reportProblems(err, 'hooks compile-policy', o.problems)) return USAGE_ERROR;
    const out = o.values.get('--out');
    const [workTree, gitDir] = (await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir'], { cwd, logger })).split('\n');
    await writePolicy({ workTree, gitDir }, { cwd, logger }, out);
    return 0;
  },
};
