/**
 * Whether git's stderr says the folder is no work tree it can use: outside any repository ("not a
 * git repository"), in a bare repository or inside `.git` ("must be run in a work tree"). Either
 * is the folder run in, not a failure of git: NotARepository, which the CLI answers with exit 2.
 */
export function saysNotARepository(stderr: string): boolean {
  return /not a git repository|must be run in a work tree/i.test(stderr);
}
