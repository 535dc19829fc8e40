import { ChangeTrailError } from '../errors';
import { type RunGitOptions, runGit } from './runGit';

/** One commit as the ticket check needs it. */
export interface LoggedCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: string;
  readonly message: string;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/** Parses `git log --format=%H%x1f%P%x1f%an <%ae>%x1f%B%x1e` output. */
export function parseCommitLog(out: string): LoggedCommit[] {
  return out
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.length > 0)
    .map((record) => {
      const [sha, parents, author, ...rest] = record.split(FIELD);
      return { sha, parents: parents ? parents.split(' ') : [], author, message: rest.join(FIELD).replace(/\n$/, '') };
    });
}

/** The commits in a revision range (`main..HEAD`, `HEAD --not --remotes`, ...), newest first. */
export async function commitsInRange(revisions: readonly string[], options: RunGitOptions): Promise<LoggedCommit[]> {
  for (const rev of revisions) {
    if (rev.startsWith('-') && rev !== '--not' && rev !== '--all' && !rev.startsWith('--remotes') && !rev.startsWith('--branches')) {
      throw new ChangeTrailError('BadRange', `"${rev}" is not a revision range; use forms such as main..HEAD or HEAD --not --remotes`);
    }
  }
  try {
    return parseCommitLog(await runGit(['log', `--format=%H${FIELD}%P${FIELD}%an <%ae>${FIELD}%B${RECORD}`, ...revisions, '--'], options));
  } catch (error) {
    if (error instanceof ChangeTrailError && error.code === 'GitFailed') {
      throw new ChangeTrailError('BadRange', `git could not read the range ${revisions.join(' ')}: ${error.message.replace(/^git log failed: /, '')}`);
    }
    throw error;
  }
}
