import type { RiskFlag } from '../records/changeRecord';

/** One change a deployment carried, as support needs it at 6 AM. */
export interface ChangedItem {
  /** The change record's id; absent for a commit no record covers. */
  readonly recordId?: string;
  readonly tickets: readonly string[];
  readonly title: string;
  /** Plain language: what changed and why. */
  readonly description: string;
  readonly author: string;
  /** Owners of the systems it touched (from the record, else the team config). */
  readonly owners: readonly string[];
  readonly systems: readonly string[];
  readonly riskFlags: readonly RiskFlag[];
  /** Absent when the record has none (or only a placeholder such as "n/a"). */
  readonly rollbackPlan?: string;
  readonly escalation?: string;
  readonly runbook?: string;
  readonly freezeOverride?: string;
  /** Full shas this change covers in the deployment. */
  readonly commits: readonly string[];
  /** "manual": made outside git (a setting, a vendor update); it has no commits. */
  readonly origin: 'git' | 'manual';
}

/** How to undo a deployment, exactly, as a command a person can paste. */
export interface RollbackStep {
  /** redeploy: put the previous commit back; revert: later deployments sit on top, revert these commits; plan: follow the changes' own plans. */
  readonly kind: 'redeploy' | 'revert' | 'plan';
  /** The commit to redeploy. */
  readonly commit?: string;
  /** The commits to revert, newest first. */
  readonly commits?: readonly string[];
  /** The command, every word shell-quoted; absent for `plan`. */
  readonly command?: string;
  /** One or two sentences for a person. */
  readonly explanation: string;
}

/** Why something is suspected, and how strongly. */
export interface Suspicion {
  readonly score: number;
  readonly reasons: readonly string[];
}

/** A deployment (or a deploy tag, a bare commit, a manual change) in the window. */
export interface ChangedDeployment {
  /** record: a deployment record; tag: a deploy tag; commit: a bare commit; manual: a change made outside git. */
  readonly source: 'record' | 'tag' | 'commit' | 'manual';
  /** The deployment record's id, the tag name, the commit sha or the change record's id. */
  readonly ref: string;
  /** When it went live, ISO. */
  readonly at: string;
  readonly environment: string;
  readonly commit?: string;
  readonly previousCommit?: string;
  readonly by?: string;
  readonly kind: 'deploy' | 'rollback';
  readonly rollsBack?: string;
  readonly incident?: string;
  readonly freezeOverride?: string;
  readonly changes: readonly ChangedItem[];
  /** Commits of the deployment no change record covers (tag and commit sources). */
  readonly unrecorded: readonly { readonly sha: string; readonly subject: string; readonly author: string }[];
  readonly rollback: RollbackStep;
  readonly suspicion: Suspicion;
}

/** A ranked suspect: a change, or a deployment with no change record. */
export interface Suspect extends Suspicion {
  readonly deployment: string;
  readonly source: ChangedDeployment['source'];
  readonly recordId?: string;
  readonly title: string;
  readonly at: string;
}

/** The answer to "what changed before T?". */
export interface WhatChanged {
  readonly environment: string;
  readonly system?: string;
  /** T, ISO. */
  readonly at: string;
  /** Start of the window, ISO; absent when it reaches back to the first deployment. */
  readonly since?: string;
  /** Where the deployments came from. */
  readonly basis: 'records' | 'tags' | 'commits';
  /** Newest first. */
  readonly deployments: readonly ChangedDeployment[];
  /** Most likely first. */
  readonly suspects: readonly Suspect[];
  /** Things a person must know: an unknown previous commit, a damaged log. */
  readonly problems: readonly string[];
}
