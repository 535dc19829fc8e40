import * as z from 'zod/mini';

/**
 * Personal preferences, read from `changetrail.*` settings. Keys are relative to the
 * `changetrail.` section. `package.json` `contributes.configuration` mirrors this (a unit test
 * keeps them in step).
 */
export const settingsSchema = z.object({
  'statusBar.enabled': z._default(z.boolean(), true).check(
    z.describe('Show the ticket of the current branch in the status bar.'),
  ),
  'statusBar.showWhenNoTicket': z._default(z.boolean(), true).check(
    z.describe('Keep the status bar item visible (as "No ticket") when the branch names no ticket.'),
  ),
  'commitInput.prefill': z._default(z.boolean(), true).check(
    z.describe('Put the branch\'s ticket (in the team\'s format) into an empty Source Control commit box.'),
  ),
  'commitInput.diagnostics': z._default(z.boolean(), true).check(
    z.describe('Warn in the Source Control commit box while the message names no ticket, with a quick fix.'),
  ),
  'branches.warnWithoutTicket': z._default(z.boolean(), true).check(
    z.describe('Warn once per branch when you switch to a branch that names no ticket and has none linked.'),
  ),
  'hooks.offerInstall': z._default(z.boolean(), true).check(
    z.describe('Offer (once per repository) to install the git hooks when the team policy requires tickets.'),
  ),
  'completion.insertFormat': z._default(z.string(), '${key}').check(
    z.describe('What accepting a ticket completion inserts: ${key}, ${title}, e.g. "${key}: ${title}" or "Fixes ${key}".'),
  ),
  'completion.triggerCharacter': z._default(z.string().check(z.maxLength(1)), '').check(
    z.describe('An extra character that opens ticket completion in the commit box (besides # and a project key).'),
  ),
  'tickets.refreshMinutes': z._default(z.number().check(z.int(), z.minimum(0), z.maximum(1440)), 15).check(
    z.describe('How often the ticket cache refreshes from the trackers in the background (0: only at start).'),
  ),
  'network.caFile': z._default(z.string(), '').check(
    z.describe('A PEM file of extra CA certificates for trackers behind a private CA. Ignored in untrusted workspaces.'),
  ),
  'tickets.urlTemplate': z._default(z.string(), '').check(
    z.describe('Personal override of the team\'s ticket link, e.g. https://acme.atlassian.net/browse/{ticket}. Ignored in untrusted workspaces.'),
  ),
  'records.sharedLogFolders': z._default(z.array(z.string()), []).check(
    z.describe('Folders outside the repository (absolute paths, e.g. a network share) where the team config may put the change log (records.log.path). Only your user settings can allow one.'),
  ),
  'records.stageLogOnSubmit': z._default(z.boolean(), false).check(
    z.describe('Stage the change log (`.changetrail/changes.jsonl`) in git each time a checklist is submitted, so the record goes with the next commit and reaches others when it is pushed.'),
  ),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/**
 * Settings an untrusted workspace must not set: they choose where links point or what runs.
 * Declared in `capabilities.untrustedWorkspaces.restrictedConfigurations`.
 */
export const restrictedSettings: readonly SettingKey[] = ['tickets.urlTemplate', 'network.caFile'];

/** Default settings. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/** JSON schema of each setting, keyed by its full id (`changetrail.x`), for checks against the manifest. */
export function settingsJsonSchemas(): Record<string, Record<string, unknown>> {
  const whole = z.toJSONSchema(settingsSchema, { io: 'input' }) as { properties: Record<string, Record<string, unknown>> };
  return Object.fromEntries(Object.entries(whole.properties).map(([key, schema]) => [`changetrail.${key}`, schema]));
}
