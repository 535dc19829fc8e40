/** Options as a command read them: each valued option's values (repeatable), the flags set, the words left over. */
export interface ParsedArgs {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: readonly string[];
  readonly problems: readonly string[];
}

/**
 * `--name value`, `--name=value` (repeatable: every value is kept), bare flags, and plain words
 * (positionals). An unknown option, or a valued one without a value, is a problem to report;
 * `-` alone is a word (stdin).
 */
export function parseArgs(args: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedArgs {
  const values = new Map<string, string[]>();
  const set = new Set<string>();
  const positionals: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const [name, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (valued.includes(name)) {
      const value = inline ?? args[++i];
      const missing = missingValue(name, value, inline !== undefined);
      if (missing) problems.push(missing);
      else values.set(name, [...(values.get(name) ?? []), value]);
    } else if (flags.includes(name) && inline === undefined) set.add(name);
    else problems.push(`unknown option "${arg}"`);
  }
  return { values, flags: set, positionals, problems };
}

/**
 * Why `value` is no value for the option `name`, or undefined when it is one: absent, the next
 * option (`--env --record`), or blank (`--out=`, `--out "$UNSET"`). A blank value was taken as
 * given and each command made something else of it: `export --out=` wrote to stdout and exited 0,
 * `record --file=` read the folder it ran in, `hooks compile-policy --out=` died with ENOENT.
 */
export function missingValue(name: string, value: string | undefined, inline: boolean): string | undefined {
  if (value === undefined || (!inline && value.startsWith('--'))) return `${name} needs a value`;
  if (value.trim() === '') return `${name} needs a value (it was empty)`;
  return undefined;
}

/** The last value given for an option (a later one wins), trimmed; undefined when absent or blank. */
export function lastValue(parsed: ParsedArgs, name: string): string | undefined {
  const all = parsed.values.get(name);
  const value = all?.[all.length - 1]?.trim();
  return value ? value : undefined;
}

/** Every value of a repeatable option, each split on commas ("--system Billing,Auth --system Search"). */
export function listValue(parsed: ParsedArgs, name: string): string[] {
  return (parsed.values.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
