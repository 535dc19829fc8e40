/** Where and why a JSON text is malformed. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Finds the first syntax error in `text` with its line and column. JSON.parse's own messages
 * differ between Node versions and often give no position, so this small scanner locates it.
 * Returns undefined for valid JSON.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describe = () =>
    i >= text.length ? 'unexpected end of file' : text[i] === '/' ? 'comments are not allowed in JSON' : `unexpected ${JSON.stringify(text[i])}`;
  const expected = (what: string) => (i >= text.length || text[i] === '/' ? describe() : what);
  const literal = (word: string) => (text.startsWith(word, i) ? void (i += word.length) : fail(describe()));
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('control character in a string (line break inside quotes?)');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail(describe());
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    fail(c === "'" ? 'use double quotes' : describe());
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') fail(text[i] === '}' ? 'trailing comma before }' : expected(`expected a "key", found ${describe().replace('unexpected ', '')}`));
      string();
      ws();
      if (text[i] !== ':') fail(expected("expected ':' after the key"));
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') return void i++;
      fail(expected("expected ',' or '}' (missing comma?)"));
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      ws();
      if (text[i] === ']') fail('trailing comma before ]');
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') return void i++;
      fail(expected("expected ',' or ']' (missing comma?)"));
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) fail('unexpected text after the end of the JSON value');
    return undefined;
  } catch (error) {
    const { offset, message } = error as { offset: number; message: string };
    const before = text.slice(0, offset).split('\n');
    return { offset, line: before.length, column: before[before.length - 1].length + 1, message };
  }
}
