import { runGit } from '../../core/git/runGit';
import { writePolicy } from '../../core/git/hooks/writePolicy';
import type { CliCommand } from '../cliContext';

/** `changetrail hooks compile-policy --out <file>`: used by the hooks when the team config changed. */
export const hooksCompilePolicyCommand: CliCommand = {
  name: 'hooks compile-policy',
  summary: '(used by the hooks) compile .changetrail/config.json for the hooks',
  hidden: true,
  async run({ args, cwd, logger }) {
    const at = args.indexOf('--out');
    const out = at >= 0 ? args[at + 1] : undefined;
    const [workTree, gitDir] = (await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir'], { cwd, logger })).split('\n');
    await writePolicy({ workTree, gitDir }, { cwd, logger }, out);
    return 0;
  },
};
