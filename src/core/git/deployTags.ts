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
 * The one order of deploy tags, newest first: annotated tags by their tag date, then lightweight
 * ones by name, numbers compared as numbers (deploy/production/2026-05-04-120000, build 1000
 * after build 999). A lightweight tag has no date of its own: creatordate is its commit's, so a
 * rollback's tag (an older commit, tagged last) sorted as the oldest deployment.
 */
export const DEPLOY_TAG_ORDER = ['--sort=-version:refname', '--sort=-taggerdate'] as const;

/**
 * The tags under `refs` (for-each-ref patterns), newest first in DEPLOY_TAG_ORDER. A lightweight
 * tag's time is its commit's date, but never earlier than the tag before it in that order: a
 * rollback tagged on an old commit did not happen before the deployment it rolled back.
 */
export async function deployTags(refs: readonly string[], git: RunGitOptions): Promise<DeployTag[]> {
  if (refs.length === 0) return [];
  const out = await runGit(['for-each-ref', ...DEPLOY_TAG_ORDER, '--format=%(refname)%00%(objectname)%00%(*objectname)%00%(taggerdate:unix)%00%(creatordate:unix)', ...refs], git);
  const rows = out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [ref, object, peeled, tagged, created] = line.split('\0');
      return { ref, object, peeled, tagged: tagged ? Number(tagged) * 1000 : undefined, created: Number(created) * 1000 };
    });
  const tags: DeployTag[] = [];
  let floor = -Infinity;
  // Oldest first, so each lightweight tag is placed no earlier than the one before it.
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i];
    const at = r.tagged ?? Math.max(r.created, floor);
    floor = Math.max(floor, at);
    // An annotated tag points at a tag object; the deployed commit is what it peels to.
    tags.push({ ref: r.ref, name: r.ref.replace(/^refs\/tags\//, ''), commit: r.peeled || r.object, at });
  }
  return tags.reverse();
}
