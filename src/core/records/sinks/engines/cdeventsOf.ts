import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../changeRecord';

/** The CDEvents spec version the events follow (https://github.com/cdevents/spec, release v0.4.x). */
export const CDEVENTS_SPEC_VERSION = '0.4.1';

/** The event types emitted, with their versions in spec 0.4.x. */
export const CDEVENT_TYPES = {
  serviceDeployed: 'dev.cdevents.service.deployed.0.2.0',
  serviceUpgraded: 'dev.cdevents.service.upgraded.0.2.0',
  serviceRolledback: 'dev.cdevents.service.rolledback.0.2.0',
  incidentDetected: 'dev.cdevents.incident.detected.0.2.0',
  incidentResolved: 'dev.cdevents.incident.resolved.0.2.0',
  changeMerged: 'dev.cdevents.change.merged.0.2.0',
} as const;

/** A CDEvent (context, subject, customData), the `data` of its CloudEvent. */
export interface CDEvent {
  readonly context: { readonly version: string; readonly id: string; readonly source: string; readonly type: string; readonly timestamp: string };
  readonly subject: { readonly id: string; readonly source?: string; readonly type: string; readonly content: Record<string, unknown> };
  readonly customData?: Record<string, unknown>;
  readonly customDataContentType?: string;
}

export interface CDEventNames {
  /** The events' source (URI reference), e.g. changetrail/shop. */
  readonly source: string;
  /** The service's id, e.g. service/shop. */
  readonly service: string;
  /** The repository's URL or name, for change.merged. */
  readonly repository: string;
  /** The package name in artifact purls (pkg:generic/<name>@<commit>). */
  readonly artifact: string;
}

/**
 * The CDEvent a log entry stands for, or undefined: a deployment is service.deployed (first time
 * in that environment) or service.upgraded (it replaced `previousCommit`), a rollback is
 * service.rolledback; a change record with commits is change.merged (a manual change has none);
 * the first record of an incident is incident.detected and the one that resolves it
 * incident.resolved (updates in between say nothing new to an event pipeline). The event id is
 * the entry's id: the same on every retry, so a receiver drops the repeat.
 */
export function cdeventOf(entry: LogEntry, names: CDEventNames): CDEvent | undefined {
  if (entry.schema === 'changetrail/deployment') return serviceEvent(entry, names);
  if (entry.schema === 'changetrail/change') return changeEvent(entry, names);
  return incidentEvent(entry, names);
}

function context(entry: LogEntry, type: string, names: CDEventNames): CDEvent['context'] {
  return { version: CDEVENTS_SPEC_VERSION, id: entry.id, source: names.source, type, timestamp: entry.createdAt };
}

function serviceEvent(entry: DeploymentRecord, names: CDEventNames): CDEvent {
  const type = entry.kind === 'rollback' ? CDEVENT_TYPES.serviceRolledback : entry.previousCommit ? CDEVENT_TYPES.serviceUpgraded : CDEVENT_TYPES.serviceDeployed;
  return {
    context: context(entry, type, names),
    subject: { id: names.service, source: names.source, type: 'service', content: { environment: { id: entry.environment, source: names.source }, artifactId: purl(names.artifact, entry.commit) } },
    customData: {
      changetrail: {
        deployment: entry.id,
        commit: entry.commit,
        ...(entry.previousCommit ? { previousCommit: entry.previousCommit } : {}),
        records: entry.records,
        by: entry.by.name,
        ...(entry.rollsBack ? { rollsBack: entry.rollsBack } : {}),
        ...(entry.incident ? { incident: entry.incident } : {}),
        ...(entry.pipeline ? { pipeline: entry.pipeline } : {}),
        ...(entry.note ? { note: entry.note } : {}),
      },
    },
    customDataContentType: 'application/json',
  };
}

function changeEvent(entry: ChangeRecord, names: CDEventNames): CDEvent | undefined {
  if (entry.origin === 'manual' || entry.commits.length === 0) return undefined;
  return {
    context: context(entry, CDEVENT_TYPES.changeMerged, names),
    subject: { id: entry.id, source: names.source, type: 'change', content: { repository: { id: entry.repository ?? names.repository, source: names.source } } },
    customData: {
      changetrail: { title: entry.title, tickets: entry.tickets, commits: entry.commits.map((c) => c.sha), environment: entry.environment, ...(entry.branch ? { branch: entry.branch } : {}), ...(entry.baseBranch ? { baseBranch: entry.baseBranch } : {}) },
    },
    customDataContentType: 'application/json',
  };
}

function incidentEvent(entry: IncidentRecord, names: CDEventNames): CDEvent | undefined {
  const resolved = entry.status === 'resolved';
  if (!resolved && entry.id !== entry.incidentId) return undefined;
  const suspect = entry.cause?.deployment ?? entry.suspects[0]?.deployment;
  return {
    context: context(entry, resolved ? CDEVENT_TYPES.incidentResolved : CDEVENT_TYPES.incidentDetected, names),
    subject: {
      id: entry.incidentId,
      source: names.source,
      type: 'incident',
      content: { description: entry.title, environment: { id: entry.environment, source: names.source }, service: { id: names.service, source: names.source } },
    },
    customData: {
      changetrail: {
        incident: entry.incidentId,
        status: entry.status,
        level: entry.level,
        impact: entry.impact,
        systems: entry.systems,
        detectedAt: entry.detectedAt,
        ...(entry.resolvedAt ? { resolvedAt: entry.resolvedAt } : {}),
        ...(suspect ? { deployment: suspect } : {}),
        ...(entry.cause ? { cause: entry.cause.kind } : {}),
        ...(entry.alert ? { alert: { source: entry.alert.source, id: entry.alert.id } } : {}),
      },
    },
    customDataContentType: 'application/json',
  };
}

/** A package URL (purl) for a build of the repository at a commit: pkg:generic/<name>@<commit>. */
export function purl(name: string, commit: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'repository';
  return `pkg:generic/${clean}@${commit}`;
}
