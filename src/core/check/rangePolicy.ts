import { loadTeamConfig, parseTeamConfig, type TeamConfigResult } from '../config/loadTeamConfig';
import { TEAM_CONFIG_PATH } from '../config/teamConfigSchema';
import { teamConfigDefaults } from '../config/teamConfigDefaults';
import { type RunGitOptions, runGit } from '../git/runGit';

/** The policy a range is checked with, and where it was read. */
export interface RangePolicy extends TeamConfigResult {
  /** Where the policy came from, for messages: ".changetrail/config.json" or "... at <base>". */
  readonly source: string;
  /** Set when the range changes the config file: says that the base's policy was applied. */
  readonly notice?: string;
}

/**
 * `base..head` of a range with one base and one head: `A..B` (not `A...B`), and git's other
 * spellings of it, `^A B`, `B ^A` and `B --not A`. Undefined for anything else.
 */
export function twoDotRange(revisions: readonly string[]): { base: string; head: string } | undefined {
  const plain = (r: string) => r !== '' && !r.startsWith('-') && !r.startsWith('^') && !r.includes('..') && !r.endsWith('^!') && !r.endsWith('^@');
  if (revisions.length === 1) {
    const m = /^(.*?)\.\.(.*)$/.exec(revisions[0]);
    if (!m || m[2].startsWith('.')) return undefined;
    return { base: m[1] || 'HEAD', head: m[2] || 'HEAD' };
  }
  if (revisions.length === 2) {
    const [a, b] = revisions;
    if (a.startsWith('^') && plain(a.slice(1)) && plain(b)) return { base: a.slice(1), head: b };
    if (b.startsWith('^') && plain(b.slice(1)) && plain(a)) return { base: b.slice(1), head: a };
    return undefined;
  }
  if (revisions.length === 3 && revisions[1] === '--not' && plain(revisions[0]) && plain(revisions[2])) return { base: revisions[2], head: revisions[0] };
  return undefined;
}

/**
 * The ticket policy for checking `revisions`. When a range `base..head` changes the committed
 * .changetrail/config.json, it is checked with the policy of its base (the base's file, or the
 * defaults when the base has none) and `notice` says so: a pull request is checked with the
 * policy it would be merged under, so it cannot loosen its own check; the new policy applies to
 * the commits after it lands. Otherwise (the range leaves the file alone, or has no one base,
 * such as `HEAD --not --remotes`) the checked-out file is read, as the hooks read it.
 */
export async function policyForRange(revisions: readonly string[], root: string, git: RunGitOptions): Promise<RangePolicy> {
  const range = twoDotRange(revisions);
  const sides = range ? await configAtEnds(range.base, range.head, git) : undefined;
  if (!range || !sides || sides.atBase === sides.atHead) return { ...(await loadTeamConfig(root)), source: TEAM_CONFIG_PATH };
  const { base, atBase, atHead } = sides;
  const short = base.slice(0, 10);
  const source = `${TEAM_CONFIG_PATH} at ${short}`;
  const change = atBase ? (atHead ? 'changes' : 'removes') : 'adds';
  const notice = `${range.base}..${range.head} ${change} ${TEAM_CONFIG_PATH}: checked with the policy of its base ${short}${atBase ? '' : ' (no config file: the defaults)'}; the new policy applies once it is merged`;
  const path = `${root}/${TEAM_CONFIG_PATH}`;
  if (!atBase) return { config: teamConfigDefaults(), problems: [], found: false, path, source, notice };
  const text = await runGit(['cat-file', 'blob', atBase], git);
  return { ...parseTeamConfig(text, source), found: true, path, source, notice };
}

/**
 * Both ends' commits and the object names of their config files, from one `git cat-file
 * --batch-check` (it was two rev-parse and two ls-tree processes on check's path). Undefined when
 * either end is not a commit here; a side without the file (or with a folder there) has no blob.
 */
async function configAtEnds(baseRevision: string, headRevision: string, git: RunGitOptions): Promise<{ base: string; atBase?: string; atHead?: string } | undefined> {
  if ([baseRevision, headRevision].some((r) => r.startsWith('-') || /[\n\r]/.test(r))) return undefined;
  const asked = [`${baseRevision}^{commit}`, `${headRevision}^{commit}`, `${baseRevision}:${TEAM_CONFIG_PATH}`, `${headRevision}:${TEAM_CONFIG_PATH}`];
  const out = await runGit(['cat-file', '--batch-check'], git, `${asked.join('\n')}\n`).catch(() => '');
  const answers = out.split('\n').slice(0, asked.length).map((line) => /^([0-9a-f]{40,64}) (\w+) \d+$/.exec(line));
  const [base, head, atBase, atHead] = answers.map((m, i) => (m && m[2] === (i < 2 ? 'commit' : 'blob') ? m[1] : undefined));
  if (!base || !head) return undefined;
  return { base, atBase, atHead };
}
