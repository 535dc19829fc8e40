// The ESM build: the UMD one requires its parts at run time, which a bundle cannot follow.
import { type ParseError, findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser/lib/esm/main';

// jsonc-parser's ParseErrorCode is a const enum, which isolated modules cannot read: its values.
const ParseErrorCode = {
  InvalidSymbol: 1,
  InvalidNumberFormat: 2,
  PropertyNameExpected: 3,
  ValueExpected: 4,
  ColonExpected: 5,
  CommaExpected: 6,
  CloseBraceExpected: 7,
  CloseBracketExpected: 8,
  EndOfFileExpected: 9,
  UnexpectedEndOfComment: 11,
  UnexpectedEndOfString: 12,
  InvalidCharacter: 16,
} as const;

/** A JSON-with-comments text parsed with positions, so problems can name their line. */
export interface JsoncDocument {
  readonly value: unknown;
  /** 1-based line of the value at `path` (of its key, for an object member), or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/** Where and why a JSONC text is malformed. */
export interface JsoncSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** Set when the text may be valid JSON but nests deeper than MAX_JSONC_DEPTH, so it was not read. */
  readonly tooDeep?: true;
}

/**
 * How many levels of `{` and `[` a text may nest. The parser recurses once per level and a text
 * nested 100,000 deep overflows the stack; no config of ours needs more than a handful.
 */
export const MAX_JSONC_DEPTH = 64;

/**
 * Parses `text` as VS Code reads settings files: comments and trailing commas allowed. Returns the
 * first syntax error (with line and column) instead of a document when the text is malformed.
 */
export function parseJsonc(text: string): JsoncDocument | JsoncSyntaxError {
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const deep = tooDeepAt(body, MAX_JSONC_DEPTH);
  if (deep !== undefined) {
    return { ...position(body, deep), message: `nested too deeply (more than ${MAX_JSONC_DEPTH} levels of { and [)`, tooDeep: true };
  }
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const first: { error: number; offset: number; length: number } = errors[0] ?? { error: ParseErrorCode.ValueExpected, offset: body.length, length: 0 };
    const { line, column } = position(body, first.offset);
    return { line, column, message: describe(first, body) };
  }
  return {
    value: getNodeValue(root),
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = findNodeAtLocation(root, path.slice(0, n).map((p) => (typeof p === 'number' ? p : String(p))));
        if (!node) continue;
        const at = node.parent?.type === 'property' ? node.parent : node;
        return position(body, at.offset).line;
      }
      return undefined;
    },
  };
}

/** Whether `parseJsonc` gave a syntax error rather than a document. */
export function isJsoncSyntaxError(result: JsoncDocument | JsoncSyntaxError): result is JsoncSyntaxError {
  return 'message' in result;
}

/**
 * The offset of the first `{` or `[` that opens level `limit + 1`, or undefined. Brackets inside
 * strings and comments do not count; the text need not be well formed (the parser says what else
 * is wrong with it).
 */
function tooDeepAt(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i === -1) return undefined;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i === -1) return undefined;
      i++;
    } else if (c === '{' || c === '[') {
      if (++depth > limit) return i;
    } else if (c === '}' || c === ']') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function describe(error: { error: number; offset: number; length: number }, text: string): string {
  const found = text.slice(error.offset, error.offset + Math.max(1, error.length));
  const unexpected = error.offset >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(found)}`;
  switch (error.error as number) {
    case ParseErrorCode.InvalidSymbol:
      return found.startsWith("'") ? 'use double quotes' : unexpected;
    case ParseErrorCode.PropertyNameExpected:
      return `expected a "key", found ${unexpected.replace('unexpected ', '')}`;
    case ParseErrorCode.ValueExpected:
      return error.offset >= text.length ? 'unexpected end of file' : `expected a value, found ${JSON.stringify(found)}`;
    case ParseErrorCode.ColonExpected:
      return "expected ':' after the key";
    case ParseErrorCode.CommaExpected:
      return 'expected \',\' (missing comma?)';
    case ParseErrorCode.CloseBraceExpected:
      return "expected '}' (missing comma or brace?)";
    case ParseErrorCode.CloseBracketExpected:
      return "expected ']' (missing comma or bracket?)";
    case ParseErrorCode.EndOfFileExpected:
      return 'unexpected text after the end of the JSON value';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'unterminated string';
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'unterminated /* comment';
    case ParseErrorCode.InvalidCharacter:
      return 'control character in a string (line break inside quotes?)';
    default:
      return `${unexpected} (${error.error === ParseErrorCode.InvalidNumberFormat ? 'not a number' : 'invalid text'})`;
  }
}
