/** A word for a POSIX shell: left bare when it is only safe characters, otherwise single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from words, each quoted as needed, so a person can paste it as it is. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
