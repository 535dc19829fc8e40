/**
 * One argument as a POSIX shell (sh, bash, zsh, Git Bash) reads it back unchanged: bare when it
 * holds only characters no shell treats specially, else in single quotes. For every command
 * printed for copy and paste: a branch named `x-$(cmd)` must not run cmd when pasted.
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line for copy and paste: each argument quoted as needed. */
export function shellCommand(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
