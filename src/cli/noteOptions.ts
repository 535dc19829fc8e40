import type { ChannelContent } from '../core/notes/noteSchema';
import { renderEmail } from '../core/notes/renderEmail';
import { renderMarkdown } from '../core/notes/renderMarkdown';
import { renderSlack } from '../core/notes/renderSlack';
import { renderTeams } from '../core/notes/renderTeams';
import { renderWebhook } from '../core/notes/renderWebhook';
import { missingValue } from './parseArgs';

// The options and output formats `note` and `digest` share.

/** Output formats of `note` and `digest`: Markdown for people, the rest as each channel receives it. */
export const FORMATS = ['markdown', 'json', 'slack', 'teams', 'webhook', 'email'] as const;

/** `--name value`, `--name=value` and bare flags; anything else is a problem to report. */
export function parseOptions(args: readonly string[], valued: readonly string[], flags: readonly string[]): { values: Map<string, string>; flags: Set<string>; problems: string[] } {
  const values = new Map<string, string>();
  const set = new Set<string>();
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].startsWith('--') && args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    if (valued.includes(name)) {
      const value = inline ?? args[++i];
      // A blank value (--env=, --env "$UNSET") is no value, as for every other command.
      const missing = missingValue(name, value, inline !== undefined);
      if (missing) problems.push(missing);
      else values.set(name, value as string);
    } else if (flags.includes(name) && inline === undefined) set.add(name);
    else problems.push(`unknown option "${args[i]}"`);
  }
  const format = values.get('--format');
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) problems.push(`--format must be one of ${FORMATS.join(', ')}`);
  return { values, flags: set, problems };
}

/** A note or digest in the chosen format. */
export function renderAs(format: string, content: ChannelContent, entryId?: string, email?: { to?: readonly string[]; cc?: readonly string[] }): string {
  if (format === 'json') return JSON.stringify(content, null, 2);
  if (format === 'slack') return JSON.stringify(renderSlack(content), null, 2);
  if (format === 'teams') return JSON.stringify(renderTeams(content), null, 2);
  if (format === 'webhook') return JSON.stringify(renderWebhook(content, { id: entryId }), null, 2);
  if (format === 'email') return JSON.stringify(renderEmail(content, email), null, 2);
  return renderMarkdown(content).trimEnd();
}
