import { runGit } from '../core/git/runGit';

/** Who acts: `--by "Name <email>"`, else git's user.name and user.email, else the CI user. */
export async function cliIdentity(root: string, by: string | undefined): Promise<{ name: string; email: string }> {
  const m = by ? /^\s*([^<]*?)\s*(?:<([^>]*)>)?\s*$/.exec(by) : undefined;
  if (m?.[1]) return { name: m[1], email: m[2] ?? '' };
  const read = (key: string) => runGit(['config', key], { cwd: root }).then((v) => v.trim(), () => '');
  const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
  return { name: name || process.env.GITHUB_ACTOR || process.env.GITLAB_USER_LOGIN || process.env.USER || 'unknown', email };
}
