import * as vscode from 'vscode';
import { nowDate } from '../../core/clock';
import { gitIdentity, repositoryName } from '../../core/git/changeStats';
import type { ChangeRecord } from '../../core/records/changeRecord';
import type { CommandDefinition } from './commandContext';

/** Answers a script or test passes instead of the prompts; any left out is asked for. */
interface RecordManualChangeArgs {
  readonly systems?: readonly string[];
  readonly title?: string;
  readonly why?: string;
  readonly rollback?: string;
  readonly environment?: string;
  readonly overrideReason?: string;
}

const required = (what: string) => (value: string) => (value.trim() ? undefined : what);

/**
 * ChangeTrail: Record a Change Outside Git...: a server setting, a vendor update, a feature flag,
 * a DNS record, in the same change log as every commit, with the same rules (core's
 * buildManualChange): a rollback plan is required, and inside a freeze window of the environment
 * the person is asked why it could not wait. Refused in an untrusted workspace.
 */
export const recordManualChangeCommand: CommandDefinition = {
  id: 'changetrail.recordManualChange',
  run: async (services, argsArg?: unknown) => {
    const { currentChange, records, git, logger, clock } = services;
    const args = (argsArg && typeof argsArg === 'object' ? argsArg : {}) as RecordManualChangeArgs;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('ChangeTrail: this workspace is not trusted, so nothing is written to its change log.');
      return undefined;
    }
    const { repoRoot: root, config } = currentChange.snapshot;
    if (!root || !config) {
      void vscode.window.showInformationMessage('ChangeTrail: open a git repository first.');
      return undefined;
    }
    if (!config.records.log.enabled) throw new Error('The change log is turned off (records.log.enabled in .changetrail/config.json).');
    const title = 'ChangeTrail: Record a Change Outside Git';
    const systems = args.systems ? [...args.systems] : await pickSystems(config.systems.map((s) => ({ name: s.name, criticality: s.criticality })), title);
    if (!systems || systems.length === 0) return undefined;
    const what = args.title ?? (await vscode.window.showInputBox({ title, prompt: 'What was changed?', placeHolder: 'Scanner driver 4.2 on all tills', ignoreFocusOut: true, validateInput: required('Say what was changed') }));
    if (!what?.trim()) return undefined;
    const why = args.why ?? (await vscode.window.showInputBox({ title, prompt: 'Why was it changed?', placeHolder: 'The new scanners need it', ignoreFocusOut: true, validateInput: required('Say why: support reads it when something breaks') }));
    if (!why?.trim()) return undefined;
    const rollback = args.rollback ?? (await vscode.window.showInputBox({ title, prompt: 'How is it undone? (required: support needs a way back)', placeHolder: 'Reinstall driver 4.1 from the share', ignoreFocusOut: true, validateInput: required('A rollback plan is required') }));
    if (!rollback?.trim()) return undefined;
    const fallback = config.environments.at(-1) ?? 'production';
    const environment = args.environment ?? (await vscode.window.showQuickPick([...config.environments].reverse(), { title, placeHolder: `Where was it changed? (${fallback} first)` }));
    if (!environment) return undefined;
    const lib = await import('../../core/records/recordsEntry');
    const options = { cwd: root.fsPath, gitPath: git.gitPath, logger };
    const [by, repository] = await Promise.all([gitIdentity(options), repositoryName(options)]);
    const input = lib.parseManualChange({ systems, title: what, why, rollback, environment, ...(args.overrideReason ? { overrideReason: args.overrideReason } : {}) }, 'the answers');
    const build = (overrideReason?: string): ChangeRecord => lib.buildManualChange({ ...input, ...(overrideReason ? { overrideReason } : {}) }, { config, now: nowDate(clock), by, ...(repository ? { repository } : {}) });
    let record: ChangeRecord;
    try {
      record = build(input.overrideReason);
    } catch (error) {
      // Only a freeze without a reason can be answered here; the rollback plan was asked for above.
      if (!(error instanceof lib.ManualChangeRefused) || !error.needsOverrideReason) throw error;
      logger.info(`${environment} is in a freeze window: asking why the change outside git could not wait`);
      const reason = await vscode.window.showInputBox({ title: `ChangeTrail: ${environment} is in a freeze window`, prompt: 'Why could this change not wait? The reason is kept in the change record.', ignoreFocusOut: true, validateInput: required('A written reason is required inside a freeze window') });
      if (!reason?.trim()) return undefined;
      record = build(reason.trim());
    }
    await records.submit(root, record, config);
    logger.info(`Recorded change outside git ${record.id}: ${record.title} (${record.environment})`);
    void vscode.window.showInformationMessage(`ChangeTrail: recorded "${record.title}" on ${record.environment} in the change log.`);
    return record;
  },
};

/** The team's systems to pick from, or a name typed in when none fits (or none is configured). */
async function pickSystems(known: readonly { name: string; criticality: string }[], title: string): Promise<string[] | undefined> {
  const typed = async () => {
    const name = await vscode.window.showInputBox({ title, prompt: 'Which system was changed?', placeHolder: 'POS, DNS, payment gateway', ignoreFocusOut: true, validateInput: required('Name the system') });
    return name?.trim() ? [name.trim()] : undefined;
  };
  if (known.length === 0) return typed();
  const other = { label: 'Another system...', description: 'type its name', other: true };
  const picked = await vscode.window.showQuickPick([...known.map((s) => ({ label: s.name, description: s.criticality, other: false })), other], { title, placeHolder: 'Which systems were changed?', canPickMany: true });
  if (!picked || picked.length === 0) return undefined;
  const names = picked.filter((p) => !p.other).map((p) => p.label);
  if (picked.some((p) => p.other)) {
    const more = await typed();
    if (!more) return undefined;
    names.push(...more);
  }
  return names;
}
