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
