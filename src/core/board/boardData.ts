import type { TeamConfig } from '../config/teamConfigSchema';
import { periodOf } from '../metrics/periods';
import type { ExportSource } from '../export/auditExport';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../records/changeRecord';
import type { BoardIndex, BoardMonth } from '../../protocol/boardData';
import { DIGEST_ENVIRONMENT, boardChange, boardDeployment, changeTime, decorateDeployment, newestFirst } from './boardDocuments';
import { boardIndexOf, boardPeriods, metricsSourceOf } from './boardIndex';

/** What a board is built from. */
export interface BoardInput {
  readonly entries: readonly LogEntry[];
  readonly config: TeamConfig;
  readonly sources: readonly ExportSource[];
  readonly commitTimes?: ReadonlyMap<string, number>;
  readonly now: number;
  readonly timeZone: string;
  readonly title?: string;
  /** Weeks and months of metrics (default 26 weeks, 12 months). */
  readonly weeks?: number;
  readonly months?: number;
}

/**
 * The board's index and one document per month of changes and deployments, newest month first,
 * from entries held in memory (the editor's panel; the CLI builds month by month, see buildBoardSite). Pure.
 */
export function buildBoard(input: BoardInput): { index: BoardIndex; months: BoardMonth[] } {
  const changes = input.entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change');
  const deployments = input.entries.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment !== DIGEST_ENVIRONMENT);
  const incidentEntries = input.entries.filter((e): e is IncidentRecord => e.schema === 'changetrail/incident');
  const source = metricsSourceOf(changes, deployments, incidentEntries, input.commitTimes, input.now);
  const prepared = source.prepared;
  const index = boardIndexOf(input, source, boardPeriods(input.now, input.timeZone, input.weeks, input.months), []);
  const outcomes = new Map(prepared.outcomes.map((o) => [o.deployment.id, o]));
  const currentId = (id: string) => prepared.resolve.get(id)?.id ?? id;
  const template = input.config.tickets.urlTemplate;

  const byMonth = new Map<string, BoardMonth>();
  const month = (at: number) => {
    const key = periodOf(at, 'month', input.timeZone).key;
    let m = byMonth.get(key);
    if (!m) byMonth.set(key, (m = { kind: 'month', key, changes: [], deployments: [] }));
    return m;
  };
  for (const { change } of prepared.current) {
    const at = changeTime(change);
    month(at).changes.push(boardChange(change, at, template));
  }
  for (const d of deployments) {
    const at = Date.parse(d.createdAt);
    month(at).deployments.push(decorateDeployment(boardDeployment(d, at), currentId, outcomes.get(d.id)?.failures ?? []));
  }
  const months = [...byMonth.values()].sort((a, b) => (a.key < b.key ? 1 : -1));
  for (const m of months) {
    newestFirst(m.changes);
    newestFirst(m.deployments);
  }
  index.months = months.map((m) => ({ key: m.key, file: `data/month-${m.key}.js`, changes: m.changes.length, deployments: m.deployments.length }));
  return { index, months };
}
