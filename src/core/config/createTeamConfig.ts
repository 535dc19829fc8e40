import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ChangeTrailError } from '../errors';
import { TEAM_CONFIG_PATH } from './teamConfigSchema';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** What creating the team config did: wrote the starter, or found a file already there (left as it was). */
export type CreatedTeamConfig = 'created' | 'exists';

/**
 * Creates `.changetrail/config.json` under `repoRoot` with `text`, only inside the repository and
 * only when no file is there. A cloned repository may hold `.changetrail` as a symlink to a folder
 * elsewhere (`~/.config/...`), or `config.json` as a symlink: writing through either wrote outside
 * the repository. And the user answers "Create?" at leisure, while a `git pull` may bring the
 * team's own config: created exclusively (O_EXCL), that file is kept and 'exists' is answered.
 * Refusals are ChangeTrailErrors (BadInput) naming the path and where it leads.
 */
export async function createTeamConfig(repoRoot: string, text: string): Promise<CreatedTeamConfig> {
  const path = join(repoRoot, TEAM_CONFIG_PATH);
  const folder = dirname(path);
  const realRoot = await realpath(repoRoot);
  const folderInfo = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (folderInfo?.isSymbolicLink()) {
    const target = await realpath(folder).catch(() => undefined);
    if (target === undefined || !within(target, realRoot)) {
      throw new ChangeTrailError('BadInput', `${dirname(TEAM_CONFIG_PATH)} in ${repoRoot} is a symbolic link to ${target ?? 'nothing'}, outside the repository: ${TEAM_CONFIG_PATH} was not created. Replace the link with a folder.`);
    }
  } else if (folderInfo && !folderInfo.isDirectory()) {
    throw new ChangeTrailError('BadInput', `${dirname(TEAM_CONFIG_PATH)} in ${repoRoot} is a file, not a folder: ${TEAM_CONFIG_PATH} was not created.`);
  } else if (!folderInfo) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o644);
  } catch (error) {
    // EEXIST also for a symlink at the name (O_EXCL never follows one): it is left alone.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  return 'created';
}

function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
