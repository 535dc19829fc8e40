import type * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { ChecklistState } from '../../core/checklist/checklistState';

const answer = z.object({ value: z.string(), evidence: z.optional(z.string()) });
const system = z.object({ name: z.string(), owner: z.optional(z.string()), criticality: z.enum(['low', 'medium', 'high', 'critical']), thirdParty: z.boolean(), paths: z.array(z.string()) });
const draftSchema = z.object({
  version: z.literal(1),
  title: z.string(),
  lastRecordId: z.optional(z.string()),
  lastFingerprint: z.optional(z.string()),
  state: z.object({
    answers: z.record(z.string(), answer),
    environment: z.string(),
    freezeOverrideReason: z.optional(z.string()),
    touchedSystems: z.array(system),
    prefilledFrom: z.optional(z.object({ paths: z.array(z.string()), systems: z.array(system), escalation: z.record(z.string(), z.string()), answers: z.record(z.string(), z.string()) })),
  }),
});

/** One branch's checklist draft as it is kept between sessions. */
export interface ChecklistDraft {
  readonly title: string;
  readonly state: ChecklistState;
  /** The record submitted last from this draft: the next submit amends it. */
  readonly lastRecordId?: string;
  /** What that record said (title, tickets, answers, environment): an unchanged submit writes no amendment. */
  readonly lastFingerprint?: string;
}

/** Drafts per repository and branch in the workspace state: saved as you type, kept across reloads. */
export class ChecklistDrafts {
  constructor(private readonly memento: vscode.Memento) {}

  private key(root: string, branch: string): string {
    return `changetrail.checklistDraft::${root}::${branch}`;
  }

  load(root: string, branch: string): ChecklistDraft | undefined {
    const parsed = draftSchema.safeParse(this.memento.get(this.key(root, branch)));
    return parsed.success ? (parsed.data as ChecklistDraft) : undefined;
  }

  save(root: string, branch: string, draft: ChecklistDraft): Thenable<void> {
    return this.memento.update(this.key(root, branch), { version: 1, ...draft });
  }
}
