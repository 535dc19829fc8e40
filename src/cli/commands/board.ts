import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildBoardSite } from '../../core/board/buildBoardSite';
import { isChangeTrailError } from '../../core/errors';
import { localTimeZone } from '../../core/checklist/zonedTime';
import { teamConfigSchema } from '../../core/config/teamConfigSchema';
import type { CliCommand } from '../cliContext';
import { parseCliOptions } from '../cliOptions';
import { commitTimes } from '../../core/git/commitTimes';
import { findLogSources } from '../logSourceFiles';
import { isRefusal, unlessConfigBroken } from '../usableTeamConfig';
import { probeOutputFolder } from '../outputFolder';

const YEAR = 366 * 86_400_000;

/**
 * `changetrail board --out <dir> [--repo <dir>]... [--log <file>]... [--title "..."] [--tz Zone] [--cache <dir>]`:
 * the static change board (What changed?, timeline, change log, metrics, incidents, weekly
 * review) from one or more change logs, to open from file:// or publish on any static host.
 */
export const boardCommand: CliCommand = {
  name: 'board',
  usage: 'board --out <dir> [--repo <dir>]... [--log <file>]... [--title <text>] [--tz <zone>] [--cache <dir>]',
  summary: 'write the static change board (what changed, timeline, change log, metrics, incidents) to --out <dir>',
  async run(ctx) {
    const o = parseCliOptions(ctx.args, ['--out', '--title', '--tz', '--cache'], [], ['--repo', '--log']);
    const out = o.values.get('--out');
    if (!out) o.problems.push('--out <dir> is required (where the site is written)');
    if (o.problems.length > 0 || !out) {
      ctx.err(`changetrail board: ${o.problems.join('; ')}`);
      return 2;
    }
    const assets = join(__dirname, 'board');
    if (!existsSync(join(assets, 'board.js'))) {
      ctx.err(`changetrail board: the page files are missing beside the CLI (${assets}); reinstall ChangeTrail`);
      return 70;
    }
    const clock = ctx.clock;
    const now = clock.now();
    const logs = await unlessConfigBroken(ctx, 'board', 'read', () => findLogSources(ctx.cwd, o.lists.get('--repo') ?? [], o.lists.get('--log') ?? [], ctx.logger));
    if (isRefusal(logs)) return logs.exitCode;
    const config = logs.config ?? teamConfigSchema.parse({});
    const timeZone = o.values.get('--tz') ?? config.freeze.timeZone ?? localTimeZone();
    // A place no folder can be made (/proc: a recursive mkdir there never returned) is exit 2 naming the option.
    const dir = await probeOutputFolder('--out', out, ctx.cwd);
    // Month by month, reading only what was appended since the last build into the same --out;
    // git finds the commit times while the logs are read.
    const cache = o.values.get('--cache');
    let built;
    try {
      built = await buildBoardSite({ logs: logs.logs, config, sources: logs.sources, commitTimes: commitTimes(logs.root, now - YEAR), now, timeZone, title: o.values.get('--title'), out: dir, ...(cache ? { cacheDir: await probeOutputFolder('--cache', cache, ctx.cwd) } : {}), assets, logger: ctx.logger });
    } catch (error) {
      // A folder that holds files the board did not write: nothing was written or removed there.
      if (!isChangeTrailError(error) || error.code !== 'FolderRefused') throw error;
      ctx.err(`changetrail board: ${error.message}`);
      return 2;
    }
    const shown = relative(ctx.cwd, dir) || '.';
    const months = `${built.months} month${built.months === 1 ? '' : 's'}`;
    const reuse = built.fresh ? '' : ` (${built.rebuilt.length} rewritten, ${built.reused} kept from the last build; ${built.parsed} new entries read)`;
    ctx.out(`Change board written to ${shown}/index.html: ${built.entries} entries, ${months}${reuse}, ${built.files} files, ${(built.bytes / 1024).toFixed(0)} KB.`);
    return 0;
  },
};
