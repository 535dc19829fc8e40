// Performance bands of the four key metrics, from the 2023 Accelerate State of DevOps Report
// (DORA), as summarised in https://octopus.com/blog/software-delivery-performance-clusters-2023:
// deployment frequency elite "on demand, several a day", high daily to weekly, medium weekly to
// monthly, low monthly or less; lead time elite < 1 day, high 1 day-1 week, medium 1 week-1 month,
// low 1-6 months; change failure rate elite 5 %, high 10 %, medium 15 %, low 64 %; failed
// deployment recovery time elite < 1 hour, high < 1 day, medium 1 day-1 week, low 1-6 months.
// The bands are survey clusters, not targets: the board shows them beside the team's own trend.

export type Band = 'elite' | 'high' | 'medium' | 'low';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A band's lower edges, best first; a value is in the first band whose test it passes. */
export interface BandDefinition {
  readonly metric: string;
  readonly definition: string;
  readonly bands: readonly { readonly band: Band; readonly label: string }[];
}

/** The band of a deployment frequency given in deployments per week. */
export function frequencyBand(perWeek: number): Band {
  if (perWeek >= 7) return 'elite';
  if (perWeek >= 1) return 'high';
  if (perWeek >= 12 / 52) return 'medium';
  return 'low';
}

/** The band of a lead time (median, ms). */
export function leadTimeBand(ms: number): Band {
  if (ms < DAY) return 'elite';
  if (ms <= 7 * DAY) return 'high';
  if (ms <= 31 * DAY) return 'medium';
  return 'low';
}

/** The band of a change failure rate (0..1). */
export function failureRateBand(rate: number): Band {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

/** The band of a time to restore (median, ms). */
export function restoreBand(ms: number): Band {
  if (ms < HOUR) return 'elite';
  if (ms < DAY) return 'high';
  if (ms <= 7 * DAY) return 'medium';
  return 'low';
}

/** The definitions the board and the reports print beside the numbers. */
export const METRIC_DEFINITIONS: readonly BandDefinition[] = [
  {
    metric: 'Deployment frequency',
    definition: 'Deployments (not rollbacks) recorded to the environment, per week of the period.',
    bands: [
      { band: 'elite', label: 'several a day (7 or more a week)' },
      { band: 'high', label: 'daily to weekly' },
      { band: 'medium', label: 'weekly to monthly' },
      { band: 'low', label: 'monthly or less' },
    ],
  },
  {
    metric: 'Lead time for changes',
    definition: 'Median time from the first commit of a change to the first deployment of it to the environment.',
    bands: [
      { band: 'elite', label: 'under a day' },
      { band: 'high', label: 'a day to a week' },
      { band: 'medium', label: 'a week to a month' },
      { band: 'low', label: 'over a month' },
    ],
  },
  {
    metric: 'Change failure rate',
    definition: 'Deployments later rolled back, reverted or named as the cause of an incident, over all deployments.',
    bands: [
      { band: 'elite', label: '5 % or less' },
      { band: 'high', label: '10 % or less' },
      { band: 'medium', label: '15 % or less' },
      { band: 'low', label: 'over 15 %' },
    ],
  },
  {
    metric: 'Time to restore',
    definition: 'Median of: incident detected to resolved, and failed deployment to the next deployment of the environment.',
    bands: [
      { band: 'elite', label: 'under an hour' },
      { band: 'high', label: 'under a day' },
      { band: 'medium', label: 'a day to a week' },
      { band: 'low', label: 'over a week' },
    ],
  },
  {
    metric: 'Uptime',
    definition: 'Share of the period without an incident of outage impact (overlapping incidents counted once).',
    bands: [],
  },
];
