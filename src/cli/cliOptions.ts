import { missingValue } from './parseArgs';

/** Parsed `--name value`, `--name=value` and `--flag` options, with what was wrong in them. */
export interface ParsedOptions {
  readonly values: Map<string, string>;
  /** Every value of options that may repeat (e.g. `--log a --log b`), in order. */
  readonly lists: Map<string, string[]>;
  readonly flags: Set<string>;
  readonly problems: string[];
}

/**
 * Parses a command's options: `valued` take a value, `repeatable` take one each time they appear,
 * `flags` take none. Anything else is a problem to print, never silently ignored.
 */
export function parseCliOptions(args: readonly string[], valued: readonly string[], flags: readonly string[], repeatable: readonly string[] = []): ParsedOptions {
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const set = new Set<string>();
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const eq = args[i].startsWith('--') ? args[i].indexOf('=') : -1;
    const [name, inline] = eq > 0 ? [args[i].slice(0, eq), args[i].slice(eq + 1)] : [args[i], undefined];
    if (valued.includes(name) || repeatable.includes(name)) {
      const value = inline ?? args[++i];
      const missing = missingValue(name, value, inline !== undefined);
      if (missing !== undefined || value === undefined) {
        problems.push(missing ?? `${name} needs a value`);
        continue;
      }
      if (repeatable.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
      else values.set(name, value);
    } else if (flags.includes(name) && inline === undefined) set.add(name);
    else problems.push(args[i].startsWith('-') ? `unknown option "${args[i]}"` : `unexpected argument "${args[i]}"`);
  }
  return { values, lists, flags: set, problems };
}

/** Checks `value` is one of `allowed`, returning a problem line otherwise. */
export function oneOf(name: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  return value === undefined || allowed.includes(value) ? undefined : `${name} must be one of ${allowed.join(', ')}`;
}

/**
 * A number option (`--limit 50`, `--wait 30`): undefined when not given; a problem naming the
 * option when it is not a number of the kind asked for (Number("abc") was NaN, read as "no limit").
 */
export function numberOption(name: string, value: string | undefined, kind: { readonly min: number; readonly integer?: boolean; readonly unit?: string }, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isFinite(n) && n >= kind.min && (!kind.integer || Number.isInteger(n))) return n;
  const what = `give ${kind.integer ? 'a whole number' : 'a number'}${kind.unit ? ` of ${kind.unit}` : ''}`;
  problems.push(`${name} ${JSON.stringify(value)}: ${what}${Number.isFinite(n) && n < kind.min ? `, ${kind.min} or more` : ''}`);
  return undefined;
}

/** Exit code of a command given options or arguments it cannot use. */
export const USAGE_ERROR = 2;

/** Prints `changetrail <command>: <problems>` on one line; true when there were any (the command then exits USAGE_ERROR). */
export function reportProblems(err: (line: string) => void, command: string, problems: readonly string[]): boolean {
  if (problems.length === 0) return false;
  err(`changetrail ${command}: ${problems.join('; ')}`);
  return true;
}
