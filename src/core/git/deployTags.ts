import { type RunGitOptions, runGit } from './runGit';

/** A deploy tag: its full ref, the commit it names (peeled), and when it was made. */
export interface DeployTag {
  readonly ref: string;
  /** refs/tags/ left off. */
  readonly name: string;
  readonly commit: string;
  /** Epoch ms: an annotated tag's own date; for a lightweight one see deployTags. */
  readonly at: number;
}

/**
 * The one order of deploy tags, newest first, by when each was made: an annotated tag by its tag
 * date; a lightweight one (no date of its own: creatordate is its commit's, so a rollback tagged on
 * an old commit sorted as the oldest deployment) by its commit's date, but never before the tag
 * that precedes it by name in the same environment, names compared as versions (build 1000 after
 * build 999). Ties go to the later name. Git is asked in name order only: with several --sort keys
 * the last is the main one, and every lightweight tag (no tagger date) sorted after every annotated one.
 */
export const DEPLOY_TAG_ORDER = ['--sort=-version:refname'] as const;

/**
 * The tags under `refs` (for-each-ref patterns), newest first in that order. `environmentOf` names
 * a tag's environment (tags of one environment never move another's: a staging tag is not dated
 * by production's); by default all are one environment.
 */
export async function deployTags(refs: readonly string[], git: RunGitOptions, environmentOf: (name: string) => string | undefined = () => ''): Promise<DeployTag[]> {
  if (refs.length === 0) return [];
  const out = await runGit(['for-each-ref', ...DEPLOY_TAG_ORDER, '--format=%(refname)%00%(objectname)%00%(*objectname)%00%(taggerdate:unix)%00%(creatordate:unix)', ...refs], git);
  const rows = out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [ref, object, peeled, tagged, created] = line.split('\0');
      return { ref, object, peeled, tagged: tagged ? Number(tagged) * 1000 : undefined, created: Number(created) * 1000 };
    });
  const tags: { tag: DeployTag; rank: number }[] = [];
  const floors = new Map<string, number>();
  // Oldest name first, so each lightweight tag is placed no earlier than the one before it in its environment.
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i];
    const name = r.ref.replace(/^refs\/tags\//, '');
    const environment = environmentOf(name) ?? '';
    const floor = floors.get(environment) ?? -Infinity;
    const at = r.tagged ?? Math.max(r.created, floor);
    floors.set(environment, Math.max(floor, at));
    // An annotated tag points at a tag object; the deployed commit is what it peels to.
    tags.push({ tag: { ref: r.ref, name, commit: r.peeled || r.object, at }, rank: i });
  }
  return tags.sort((a, b) => b.tag.at - a.tag.at || a.rank - b.rank).map((t) => t.tag);
}
