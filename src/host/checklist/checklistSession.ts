import { checklistReducer, progress, validateForSubmit } from '../../core/checklist/checklistReducer';
import { type ChecklistAction, initialChecklistState, prefillAction } from '../../core/checklist/checklistState';
import { computeRiskFlags } from '../../core/checklist/riskFlags';
import { type Question, resolveQuestions } from '../../core/checklist/questions';
import { escalationFor } from '../../core/checklist/systemsForPaths';
import type { TeamConfig } from '../../core/config/teamConfigSchema';
import { errorMessage } from '../../core/errors';
import type { ChangeStats } from '../../core/git/changeStats';
import type { RiskFlag } from '../../core/records/changeRecord';
import type { ChecklistState as ViewState } from '../../protocol/checklistMessages';
import type { ChecklistDraft, ChecklistDrafts } from './checklistDraft';

/** The checklist of one repository branch: its draft, and everything derived from it for the view. */
export class ChecklistSession {
  readonly questions: readonly Question[];
  readonly configProblems: readonly string[];
  private draft: ChecklistDraft;

  constructor(
    readonly root: string,
    readonly branch: string,
    readonly tickets: readonly string[],
    readonly config: TeamConfig,
    private readonly drafts: ChecklistDrafts,
    defaultTitle: string,
  ) {
    const resolved = resolveQuestions(config);
    this.questions = resolved.questions;
    this.configProblems = resolved.problems.map((p) => p.message);
    const environment = config.environments[config.environments.length - 1] ?? 'production';
    this.draft = drafts.load(root, branch) ?? { title: defaultTitle, state: initialChecklistState(environment) };
  }

  get state(): ChecklistDraft['state'] {
    return this.draft.state;
  }

  get title(): string {
    return this.draft.title;
  }

  get lastRecordId(): string | undefined {
    return this.draft.lastRecordId;
  }

  /**
   * Applies a change and saves the draft at once, so nothing typed is lost on reload. An answer to
   * no question of this checklist, or an environment the team does not list, is refused (a forged
   * or stale message): it returns why, and the draft is left as it was.
   */
  dispatch(action: ChecklistAction): string | undefined {
    if ((action.type === 'setAnswer' || action.type === 'setEvidence') && !this.questions.some((q) => q.id === action.id)) {
      return `no question "${action.id.slice(0, 80)}" in this checklist`;
    }
    if (action.type === 'setEnvironment' && this.environmentProblem(action.environment.trim())) return this.environmentProblem(action.environment.trim());
    this.update({ ...this.draft, state: checklistReducer(this.draft.state, action) });
    return undefined;
  }

  // The environments a record may go to: the team's list (its last one, or production, when empty).
  private environmentProblem(environment: string): string | undefined {
    const known = this.config.environments.length > 0 ? this.config.environments : ['production'];
    if (known.includes(environment)) return undefined;
    return `environment "${environment.slice(0, 80)}" is not one of the configured environments (${known.join(', ')}): choose one of them, or add it to environments in .changetrail/config.json`;
  }

  setTitle(title: string): void {
    this.update({ ...this.draft, title });
  }

  /** Fills in what the changed paths tell (systems, escalation) without touching typed answers. */
  prefill(stats: ChangeStats): void {
    this.dispatch(prefillAction(stats.files, this.config));
  }

  submitted(recordId: string, fingerprint?: string): void {
    this.update({ ...this.draft, lastRecordId: recordId, ...(fingerprint ? { lastFingerprint: fingerprint } : {}) });
  }

  /** What a record of this draft says, to tell an unchanged re-submit from an amendment. */
  fingerprint(commits: readonly string[]): string {
    const { answers, environment, freezeOverrideReason } = this.draft.state;
    return JSON.stringify([this.draft.title.trim(), [...this.tickets], environment, freezeOverrideReason ?? '', Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)), [...commits].sort()]);
  }

  /** Whether the record submitted last already says all this. */
  unchangedSince(commits: readonly string[]): boolean {
    return this.draft.lastRecordId !== undefined && this.draft.lastFingerprint === this.fingerprint(commits);
  }

  /** The risk flags at `now`. */
  riskFlags(stats: ChangeStats | undefined, now: Date): RiskFlag[] {
    return computeRiskFlags({
      state: this.draft.state,
      questions: this.questions,
      environments: this.config.environments,
      now,
      freeze: this.config.freeze,
      diffLines: stats?.lines,
      largeDiffLines: this.config.checklist.largeDiffLines,
    });
  }

  /** Problems that block submitting. */
  problems(flags: readonly RiskFlag[]): string[] {
    const problems = validateForSubmit(this.draft.state, this.questions, flags).map((p) => p.message);
    // A draft saved before the team renamed an environment, or a forged message, would write a
    // record to an environment no freeze, gate or note knows about.
    const environment = this.draft.state.environment.trim();
    const unknown = environment === '' ? undefined : this.environmentProblem(environment);
    if (unknown) problems.unshift(`The ${unknown}.`);
    if (this.draft.title.trim() === '') problems.unshift('Give the change a title people outside the team understand.');
    return problems;
  }

  /** The view's state: the draft, its progress and risk flags, and the branch's records. */
  view(stats: ChangeStats | undefined, now: Date, records: ViewState['records'], busy: boolean, shownProblems: readonly string[]): ViewState {
    let flags: RiskFlag[] = [];
    let problems = [...this.configProblems, ...shownProblems];
    try {
      flags = this.riskFlags(stats, now);
    } catch (error) {
      problems = [...problems, errorMessage(error)];
    }
    const p = progress(this.draft.state, this.questions);
    const escalation = escalationFor(this.draft.state.touchedSystems, this.config.escalation);
    const links = (s: { name: string }) => {
      const sys = this.config.systems.find((c) => c.name === s.name);
      return (['runbook', 'faq', 'alerts'] as const).flatMap((k) => (sys?.[k] ? [{ label: k, url: sys[k] as string }] : []));
    };
    return {
      status: 'ready',
      repository: this.root,
      branch: this.branch,
      tickets: [...this.tickets],
      title: this.draft.title,
      questions: this.questions.map((q) => ({ id: q.id, text: q.text, help: q.help, required: q.required, kind: q.kind })),
      answers: { ...this.draft.state.answers },
      environments: [...this.config.environments],
      environment: this.draft.state.environment,
      systems: this.draft.state.touchedSystems.map((s) => ({ name: s.name, owner: s.owner, criticality: s.criticality, thirdParty: s.thirdParty, links: links(s) })),
      escalation: escalation?.owner,
      riskFlags: flags,
      freezeOverrideReason: this.draft.state.freezeOverrideReason,
      progress: { answered: p.answered, total: p.total, missingRequired: [...p.missingRequired], complete: p.complete },
      diff: { files: stats?.files.length ?? 0, lines: stats?.lines ?? 0, commits: stats?.commits.length ?? 0 },
      problems,
      records,
      busy,
    };
  }

  private update(draft: ChecklistDraft): void {
    this.draft = draft;
    void this.drafts.save(this.root, this.branch, draft);
  }
}
