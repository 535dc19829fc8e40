import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { localTimeZone } from '../../core/checklist/zonedTime';
import type { TeamConfig } from '../../core/config/teamConfigSchema';
import type { ChannelContent } from '../../core/notes/noteSchema';
import type { LogEntry } from '../../core/records/changeRecord';
import type { ChangeLogIndex } from '../../core/records/index/changeLogIndex';
import type { CommandServices } from '../commands/commandContext';

/** The lazily loaded incidents library (dist/incidents.js). */
export type IncidentsLib = typeof import('../../core/incidents/incidentsEntry');

/** What an incident command works in: the repository, its policy, its change log and the clock. */
export interface IncidentSession {
  readonly root: vscode.Uri;
  readonly config: TeamConfig;
  readonly lib: IncidentsLib;
  readonly index: ChangeLogIndex;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logPath: string;
}

/**
 * Opens the current repository's change log for an incident command, or says why not. The index
 * is built from the log in memory until the incremental index replaces it behind the same interface.
 */
export async function openIncidentSession(services: CommandServices): Promise<IncidentSession | undefined> {
  const { repoRoot: root, config } = services.currentChange.snapshot;
  if (!root || !config) {
    void vscode.window.showInformationMessage('ChangeTrail: open a folder with a git repository first.');
    return undefined;
  }
  const lib = await import('../../core/incidents/incidentsEntry');
  const index = await services.records.index(root, config);
  return { root, config, lib, index, clock: services.clock, timeZone: config.freeze.timeZone ?? localTimeZone(), logPath: index.path };
}

/** Appends an entry to the change log (refused in an untrusted workspace or when the log is off). */
export async function appendIncidentEntry(session: IncidentSession, entry: LogEntry, engines?: Pick<CommandServices['records'], 'queueForEngines'>): Promise<void> {
  if (!vscode.workspace.isTrusted) throw new Error('This workspace is not trusted: ChangeTrail does not write to its change log.');
  if (!session.config.records.log.enabled) throw new Error('The change log is turned off (records.log.enabled in .changetrail/config.json).');
  const records = await import('../../core/records/recordsEntry');
  await records.appendEntry(session.logPath, entry);
  // The engines (DevLake, CDEvents...) get it through the outbox, like the CLI's rollback and incident.
  await engines?.queueForEngines(session.root, session.config, entry);
}

/** Queues `content` for the team's channels through the repository's outbox and starts delivery. */
export async function postToTeam(services: CommandServices, session: IncidentSession, entry: LogEntry, content: ChannelContent): Promise<number> {
  const sinks = await services.records.channelSinks(session.root, session.config);
  if (sinks.length === 0) return 0;
  const records = await import('../../core/records/recordsEntry');
  await records.queueChannelPost(await services.records.noteStore(session.root), await services.records.outbox(session.root), entry, content, sinks.map((s) => s.id));
  void services.records.deliver(session.root, session.config);
  return sinks.length;
}

/** Who is acting: git's user.name and user.email in the repository, else the OS user. */
export async function actingPerson(root: vscode.Uri): Promise<{ name: string; email: string }> {
  const { runGit } = await import('../../core/git/runGit');
  const read = (key: string) => runGit(['config', key], { cwd: root.fsPath }).then((v) => v.trim(), () => '');
  const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
  return { name: name || process.env.USER || process.env.USERNAME || 'unknown', email };
}

/** Picks an environment: the configured ones, "production" first. */
export async function pickEnvironment(config: TeamConfig, title: string): Promise<string | undefined> {
  const envs = [...config.environments].sort((a, b) => Number(b.toLowerCase() === 'production') - Number(a.toLowerCase() === 'production'));
  if (envs.length <= 1) return envs[0] ?? 'production';
  return vscode.window.showQuickPick(envs, { title, placeHolder: 'Environment' });
}
