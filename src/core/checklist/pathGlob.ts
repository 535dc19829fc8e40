// Repository path globs for `systems[].paths`: `*` and `?` stay within one path segment, `**`
// spans segments (`src/**`, `**/migrations/*.sql`, `a/**/b`), `{a,b}` picks one alternative.
// A glob is matched against the whole repository path (forward slashes, no leading `./`), so
// `*.sql` only matches at the root: write `**/*.sql` for any depth.

import { compileTeamPattern } from '../config/teamPattern';

const SPECIAL = /[.+^$()|[\]\\]/;

/** A repository path in the one spelling globs are matched against: `/` separators, no leading `./` or `/`. */
export function normalizeRepoPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/|\/)+/, '');
}

function normalizeGlob(glob: string): string {
  const g = normalizeRepoPath(glob.trim());
  // A folder named with a trailing slash means everything under it.
  return g.endsWith('/') ? `${g}**` : g;
}

function compile(glob: string, braces: boolean): string | undefined {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] !== '*') {
        out += '[^/]*';
        continue;
      }
      let j = i;
      while (glob[j] === '*') j++;
      const segmentStart = i === 0 || glob[i - 1] === '/';
      const segmentEnd = j === glob.length || glob[j] === '/';
      if (segmentStart && segmentEnd) {
        if (j === glob.length) {
          // Trailing `**` (or a lone one): anything below, however deep.
          out += '.*';
        } else {
          // `**/` also matches no folder at all: `a/**/b` matches `a/b`.
          out += '(?:[^/]*/)*';
          j++;
        }
      } else {
        // `**` inside a segment (`a**b`) cannot cross a slash; it is just `*`.
        out += '[^/]*';
      }
      i = j - 1;
    } else if (c === '?') {
      out += '[^/]';
    } else if (braces && c === '{') {
      depth++;
      out += '(?:';
    } else if (braces && c === ',' && depth > 0) {
      out += '|';
    } else if (braces && c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else {
      out += SPECIAL.test(c) || c === '{' || c === '}' ? `\\${c}` : c;
    }
  }
  return depth === 0 ? out : undefined;
}

/** A matcher of exactly the repository paths `glob` names (RE2: linear, whatever stars the team wrote). */
export function pathGlobToRegExp(glob: string): { test(path: string): boolean } {
  const g = normalizeGlob(glob);
  // Unbalanced braces are taken literally rather than rejected: the glob may name a real file.
  const source = compile(g, true) ?? compile(g, false);
  return compileTeamPattern(`^${source}$`);
}

/** Whether the repository path `path` matches `glob`. */
export function matchesPathGlob(path: string, glob: string): boolean {
  return pathGlobToRegExp(glob).test(normalizeRepoPath(path));
}
