import type { ChecklistState } from '../checklist/checklistState';
import type { Question } from '../checklist/questions';
import type { ChangeStats } from '../git/changeStats';
import type { ChangeRecord, RiskFlag } from './changeRecord';
import { ulid } from './ulid';

/** Everything a change record is made from: the checklist draft and the facts around it. */
export interface ChangeRecordInput {
  readonly state: ChecklistState;
  readonly questions: readonly Question[];
  readonly title: string;
  readonly tickets: readonly string[];
  readonly author: { readonly name: string; readonly email: string };
  readonly repository?: string;
  readonly branch?: string;
  readonly stats: ChangeStats;
  readonly riskFlags: readonly RiskFlag[];
  readonly escalation?: string;
  readonly now: Date;
  /** The record this one amends (a new version; the old one is never rewritten). */
  readonly supersedes?: string;
}

/** Builds a version-1 change record from a submitted checklist. */
export function buildChangeRecord(input: ChangeRecordInput): ChangeRecord {
  const answer = (id: string) => input.state.answers[id]?.value.trim() ?? '';
  const answers: ChangeRecord['answers'] = {};
  for (const q of input.questions) {
    const a = input.state.answers[q.id];
    if (a && (a.value.trim() !== '' || a.evidence)) answers[q.id] = a.evidence ? { value: a.value, evidence: a.evidence } : { value: a.value };
  }
  const freezeFlag = input.riskFlags.some((f) => f.id === 'freezeWindow');
  const overrideReason = input.state.freezeOverrideReason?.trim();
  return {
    schema: 'changetrail/change',
    version: 1,
    id: ulid(input.now.getTime()),
    ...(input.supersedes ? { supersedes: input.supersedes } : {}),
    createdAt: input.now.toISOString(),
    tickets: [...input.tickets],
    title: input.title.trim(),
    description: [answer('problem'), answer('verification') && `How we know it is fixed: ${answer('verification')}`].filter(Boolean).join('\n\n'),
    reason: answer('problem'),
    systems: input.state.touchedSystems.map((s) => ({ name: s.name, owner: s.owner, criticality: s.criticality, thirdParty: s.thirdParty })),
    author: { name: input.author.name, email: input.author.email },
    repository: input.repository,
    branch: input.branch,
    baseBranch: input.stats.baseBranch,
    commits: input.stats.commits.map((c) => ({ sha: c.sha, subject: c.subject })),
    changedFiles: [...input.stats.files],
    answers,
    rollbackPlan: answer('rollback'),
    escalation: input.escalation ?? (answer('escalation') || undefined),
    riskFlags: [...input.riskFlags],
    ...(freezeFlag && overrideReason ? { freezeOverride: { reason: overrideReason, by: { name: input.author.name, email: input.author.email } } } : {}),
    environment: input.state.environment,
  };
}
