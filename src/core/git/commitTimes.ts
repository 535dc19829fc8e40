import { runGit } from './runGit';

/** Commit times (epoch ms) of the commits reachable from any ref since `since`, for lead time. */
export async function commitTimes(root: string | undefined, since: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!root) return out;
  const text = await runGit(['log', '--all', `--since=${Math.floor(since / 1000)}`, '--format=%H %ct'], { cwd: root }).catch(() => '');
  for (const line of text.split('\n')) {
    const [sha, seconds] = line.split(' ');
    if (sha && seconds) out.set(sha, Number(seconds) * 1000);
  }
  return out;
}
