import * as z from 'zod/mini';
import type { IncidentRecord } from '../../records/changeRecord';

/** What an alert tells an incident: enough to open it without a person. */
export interface ParsedAlert {
  readonly source: 'pagerduty' | 'opsgenie' | 'grafana';
  /** The vendor's own id of the alert or incident. */
  readonly id: string;
  readonly url?: string;
  readonly title: string;
  /** When the problem started, ISO. */
  readonly detectedAt: string;
  /** Services, entities or labels naming what broke. */
  readonly systems: readonly string[];
  /** From a label or tag such as env=production, when the alert carries one. */
  readonly environment?: string;
  /** A guess from the vendor's urgency or priority; the person (or --impact) may say otherwise. */
  readonly impact?: IncidentRecord['impact'];
  /** The alert says the problem is over (resolved, closed): nothing to open. */
  readonly resolved: boolean;
  readonly description?: string;
}

/** Labels and tags that name the system that broke, in the order they are trusted. */
export const SYSTEM_KEYS = ['system', 'service', 'app', 'application', 'component', 'job'] as const;
/** Labels and tags that name the environment. */
export const ENVIRONMENT_KEYS = ['environment', 'env', 'stage', 'deployment_environment'] as const;

/** An ISO string for a vendor's time (ISO text, or epoch ms / ns as a number). */
export function isoOf(value: string | number): string | undefined {
  if (typeof value === 'number') {
    // Opsgenie sends createdAt in ms and updatedAt in ns.
    const ms = value > 1e15 ? value / 1e6 : value;
    return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

/** The first of `keys` present in a label map (keys compared case-insensitively). */
export function labelValue(labels: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const found = Object.entries(labels).find(([k, v]) => k.toLowerCase() === key && v.trim() !== '');
    if (found) return found[1].trim();
  }
  return undefined;
}

/**
 * A vendor's time field that must hold a time `isoOf` reads: an empty or garbled one is refused
 * when the payload is validated, naming the field, rather than failing later as "Invalid time value".
 */
export const alertTime = z.string().check(z.refine((v) => isoOf(v) !== undefined, 'expected an ISO time such as 2026-11-30T05:58:00Z'));

/** An epoch time in milliseconds (or nanoseconds) after 1970, as Opsgenie sends `createdAt`. */
export const alertEpoch = z.number().check(z.refine((v) => isoOf(v) !== undefined, 'expected a time in milliseconds since 1970'));
