import * as z from 'zod/mini';
import { logEntrySchema } from './changeRecord';

// The check of every log line read. zod's compiled parser of the entry schema (z.compile) gives the
// same answers and the same issues (its fast path hands any input it would reject to the runtime
// parser) about six times faster: seconds over a million lines. Compiling costs ~8 ms, so a
// process switches to it only once it has checked enough lines for that to pay (a hover reads a
// few records; a board build reads them all). A long-lived process that will read records on every
// question (the extension host) compiles it up front, off the path a person waits on
// (prepareLogEntryCheck): until then each record of a File History page or a note paid 20-35 us of
// the runtime parser instead of 2-3 us, and a page reads about 50.

const COMPILE_AFTER = 2_000;
let checked = 0;
let compiled: typeof logEntrySchema | undefined;

/** logEntrySchema.safeParse(json), compiled once this process has checked COMPILE_AFTER lines. */
export function checkLogEntry(json: unknown): ReturnType<typeof logEntrySchema.safeParse> {
  if (compiled) return compiled.safeParse(json);
  if (++checked >= COMPILE_AFTER) compiled = z.compile(logEntrySchema);
  return logEntrySchema.safeParse(json);
}

/** Compiles the check now (once), so every later line is checked by the compiled parser. */
export function prepareLogEntryCheck(): void {
  compiled ??= z.compile(logEntrySchema);
}

/** Whether lines are checked by the compiled parser yet. */
export function logEntryCheckCompiled(): boolean {
  return compiled !== undefined;
}

/** The compiled schema itself (compiled now if not yet), for the test that holds it to the schema. */
export function compiledLogEntrySchema(): typeof logEntrySchema {
  return (compiled ??= z.compile(logEntrySchema));
}

/** How deep a log line's JSON may nest; entries need 4 levels, the rest is room for newer versions. */
export const MAX_ENTRY_DEPTH = 64;
// Nesting deeper than MAX_ENTRY_DEPTH needs more opening brackets than that: lines with fewer
// (nearly all) are passed after a few native indexOf calls, without a walk.
function manyBrackets(text: string): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at >= 0; at = text.indexOf(bracket, at + 1)) if (++count > MAX_ENTRY_DEPTH) return true;
  }
  return false;
}

/**
 * Whether a parsed line nests deeper than MAX_ENTRY_DEPTH. JSON.parse takes ~4,000 levels that
 * JSON.stringify then cannot write back ("Maximum call stack size exceeded": an export, a board or
 * a re-sent record of a kept line crashed). `text` is the line, to skip the walk for nearly all.
 * Iterative, linear in the value.
 */
export function nestsTooDeep(json: unknown, text: string): boolean {
  if (!manyBrackets(text)) return false;
  const stack: [unknown, number][] = [[json, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_ENTRY_DEPTH) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
