// git's ident text, "Name <email>": `--by` in CI and a commit's author, which anyone opening a pull
// request chooses, so it is read in linear time.

/**
 * "Name <email>" or "Name" read without a regular expression: in CI `--by` often comes from a
 * commit's author, which anyone opening a pull request chooses, and /^\s*([^<]*?)\s*(?:<...>)?\s*$/
 * took 13 s on a name of 5,000 spaces and minutes on 10,000. Undefined when it is not that shape.
 */
export function parsePerson(by: string): { name: string; email: string } | undefined {
  const text = by.trim();
  const lt = text.indexOf('<');
  const name = (lt < 0 ? text : text.slice(0, lt)).trim();
  if (name === '') return undefined;
  if (lt < 0) return { name, email: '' };
  const gt = text.indexOf('>', lt);
  return gt === text.length - 1 ? { name, email: text.slice(lt + 1, gt) } : undefined;
}

/**
 * "Name <email>" of git's ident text "Name <email> 1764583200 +0100" (git var GIT_AUTHOR_IDENT),
 * without a regular expression: /\s+\d+\s+[+-]\d{4}\s*$/ backtracked over every run of spaces in
 * the name (the committer chooses it).
 */
export function identWithoutDate(ident: string): string {
  const end = ident.lastIndexOf('>');
  return end >= 0 ? ident.slice(0, end + 1) : ident.trim();
}

