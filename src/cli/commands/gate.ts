import { formatProblem } from '../../core/config/configProblem';
import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { GateCannotTell, gateFacts } from '../../core/gate/gateFacts';
import { evaluateGate } from '../../core/gate/gateRules';
import { type GateDecision, decide, renderGateText } from '../../core/gate/renderGate';
import { repositoryRoot } from '../../core/git/repositoryInfo';
import { appendEntry } from '../../core/records/changeLog';
import { openChangeLogIndex } from '../../core/records/index/openChangeLogIndex';
import { readProblems } from '../../core/records/index/readProblems';
import { buildManualChange, deploymentOverrideTitle } from '../../core/records/manualChange';
import type { CliCommand } from '../cliContext';
import { cliLogPath } from '../cliLogPath';
import { identity as cliIdentity } from '../channelPosting';
import { oneOf, parseCliOptions } from '../cliOptions';

/**
 * `changetrail gate --env production [--ref HEAD] [--override-reason "..."] [--by "Name <email>"]
 * [--format text|json] [--dry-run]`: the deploy step's go/no-go. Exit 0 go, 1 blocked (every
 * reason with its fix), 2 cannot tell (broken config, shallow clone, missing history).
 */
export const gateCommand: CliCommand = {
  name: 'gate',
  usage: 'gate --env <env> [--ref <commit>] [--format text|json] [--override-reason <text> [--by <name>]] [--dry-run]',
  summary: 'before a deployment: check the freeze window, change records, earlier environments and risk flags; exit 0 go, 1 blocked, 2 cannot tell',
  async run(ctx) {
    const o = parseCliOptions(ctx.args, ['--env', '--ref', '--override-reason', '--by', '--format'], ['--dry-run']);
    const format = o.values.get('--format') ?? 'text';
    const bad = oneOf('--format', format, ['text', 'json']);
    if (bad) o.problems.push(bad);
    const environment = o.values.get('--env');
    if (!environment) o.problems.push('--env is required (the environment being deployed to)');
    if (o.problems.length > 0 || !environment) {
      ctx.err(`changetrail gate: ${o.problems.join('; ')}`);
      // A pipeline that asked for JSON reads a JSON document even when the call itself was wrong.
      if (format === 'json') ctx.out(JSON.stringify({ schema: 'changetrail/gate', environment: environment ?? '', ref: o.values.get('--ref') ?? 'HEAD', decision: 'cannot tell', exitCode: 2, rules: [], error: { message: o.problems.join('; '), fix: `usage: changetrail ${this.usage}` } } satisfies GateDecision, null, 2));
      return 2;
    }
    const ref = o.values.get('--ref') ?? 'HEAD';
    const print = (d: GateDecision) => {
      if (format === 'json') ctx.out(JSON.stringify(d, null, 2));
      else (d.exitCode === 0 ? ctx.out : ctx.err)(renderGateText(d));
      return d.exitCode;
    };
    const cannotTell = (message: string, fix: string) => print({ schema: 'changetrail/gate', environment, ref, decision: 'cannot tell', exitCode: 2, rules: [], error: { message, fix } });
    const clock = ctx.clock;
    const now = new Date(clock.now());
    const root = await repositoryRoot({ cwd: ctx.cwd, logger: ctx.logger });
    const { config, problems } = await loadTeamConfig(root);
    if (problems.length > 0) return cannotTell(`the team config is broken: ${problems.map(formatProblem).join('; ')}`, 'fix .changetrail/config.json (changetrail config check names the field)');
    const logPath = cliLogPath(root, config);
    const index = openChangeLogIndex(logPath, { logger: ctx.logger });
    const overrideReason = o.values.get('--override-reason')?.trim() || undefined;
    let gathered;
    try {
      gathered = await gateFacts(root, { environment, ref, config, index, now, overrideReason, logger: ctx.logger });
    } catch (error) {
      if (error instanceof GateCannotTell) return cannotTell(error.message, error.fix);
      throw error;
    }
    // A line that cannot be read may be the change record with a blocking risk flag, or the
    // amendment that dropped a rollback plan: the rules cannot be trusted to pass without it.
    // With an unfinished last line: the index leaves it for the next read (a write in progress); in
    // a pipeline nothing is writing, so it is a record saved by hand without its newline, unread.
    const damaged = readProblems(index);
    if (damaged.length > 0) {
      const first = damaged.slice(0, 3).map((p) => `line ${p.line}: ${p.message}`).join('; ');
      return cannotTell(`the change log ${logPath} has ${damaged.length} unreadable line${damaged.length === 1 ? '' : 's'} (${first}${damaged.length > 3 ? '; ...' : ''}): a record the rules need may be among them`, 'repair or remove the named lines (a torn write or a hand edit; git log -p on the file shows what they were), then run the gate again');
    }
    const { facts, range } = gathered;
    const rules = evaluateGate(facts, config);
    const verdict = decide(rules);
    let override: GateDecision['override'];
    const freeze = rules.find((r) => r.rule === 'freeze');
    if (freeze?.overriddenBy) {
      override = { reason: freeze.overriddenBy };
      // An override given here (not one a change record already carries) goes into the log, so the
      // deployment in a freeze is as visible to support and auditors as any change.
      if (overrideReason && verdict.exitCode === 0 && !o.flags.has('--dry-run')) {
        const by = await cliIdentity(root, o.values.get('--by'));
        const systems = [...new Set(facts.records.flatMap((r) => r.systems.map((s) => s.name)))];
        const record = buildManualChange(
          {
            systems: systems.length > 0 ? systems : ['(deployment)'],
            title: deploymentOverrideTitle(range.to, facts.environment),
            why: overrideReason,
            rollback: range.from ? `Redeploy ${range.from}` : 'Redeploy the previous build',
            environment: facts.environment,
            tickets: [...new Set(facts.records.flatMap((r) => r.tickets))],
            overrideReason,
          },
          { config, now, by },
        );
        await appendEntry(logPath, record);
        override = { reason: overrideReason, recordId: record.id };
      }
    }
    return print({
      schema: 'changetrail/gate',
      environment: facts.environment,
      ref,
      ...verdict,
      range: { ...range, commits: facts.commits.map((c) => ({ sha: c.sha, subject: c.subject })) },
      rules,
      ...(override ? { override } : {}),
    });
  },
};
