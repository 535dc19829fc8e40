import { namedInEmptyRepository, unbornBranch } from '../../core/check/emptyRepositoryRange';
import { commitsFrom, countCommits, sinceRule, withoutSinceCommit } from '../../core/check/enforcementSince';
import { policyForRange, twoDotRange } from '../../core/check/rangePolicy';
import { formatProblem, isBroken } from '../../core/config/configProblem';
import { ChangeTrailError, errorMessage } from '../../core/errors';
import { type CommitStream, assertRevisions, openCommitStream } from '../../core/git/commitLog';
import { UNSHALLOW_ADVICE, isEmptyRepository, repositoryFacts, shallowCut } from '../../core/git/rangeCompleteness';
import { type RunGitOptions, runGit } from '../../core/git/runGit';
import { checkCommit } from '../../core/tickets/checkCommits';
import { ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import type { CliCommand } from '../cliContext';
import { type VerdictReport, jsonVerdictReport, textVerdictReport } from './printVerdicts';

/** Exit codes of `check`: CI tells "commits lack tickets" (1) from "the check cannot be trusted" (2). */
const PASSED = 0;
const COMMITS_WITHOUT_TICKETS = 1;
const CANNOT_CHECK = 2;

async function defaultRange(git: RunGitOptions): Promise<string[]> {
  try {
    await runGit(['rev-parse', '--verify', '--quiet', '@{upstream}'], git);
    return ['@{upstream}..HEAD'];
  } catch {
    return ['HEAD', '--not', '--remotes'];
  }
}

/** Whether this runs in CI (where an empty default range means the range was not passed, not that all is pushed). */
function inCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI === 'true' || Boolean(env.GITHUB_ACTIONS) || Boolean(env.GITLAB_CI);
}

/** Why git could not read `range`, with what to do: a base that is missing was either never fetched or replaced by a force push. */
async function badRangeAdvice(range: readonly string[], git: RunGitOptions): Promise<string> {
  const ends = twoDotRange(range);
  const missing = ends && (await Promise.all([ends.base, ends.head].map((r) => runGit(['rev-parse', '--verify', '--quiet', `${r}^{commit}`], git).then(() => undefined, () => r)))).find(Boolean);
  if (missing && missing === ends.base && !/^[0-9a-f]{7,64}$/i.test(missing)) return `In CI, fetch the base of the range first (${UNSHALLOW_ADVICE}).`;
  if (missing && missing === ends.base) {
    return `The base ${missing.slice(0, 10)} is not in this clone: either the clone is shallow (${UNSHALLOW_ADVICE}), or a force push replaced it and it is gone, and then no range from it can be checked: pass one from a commit that exists, e.g. origin/main..${ends.head}.`;
  }
  return `In CI, fetch the base of the range first (${UNSHALLOW_ADVICE}).`;
}

interface CheckArgs {
  readonly json: boolean;
  /** Set when --format names neither text nor json. */
  readonly badFormat?: string;
  readonly allowBrokenConfig: boolean;
  readonly revisions: readonly string[];
}

function parseArgs(args: readonly string[]): CheckArgs {
  let format = 'text';
  let allowBrokenConfig = false;
  const revisions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format') format = args[++i] ?? '';
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--allow-broken-config') allowBrokenConfig = true;
    else revisions.push(arg);
  }
  const json = format === 'json';
  return { json, allowBrokenConfig, revisions, ...(json || format === 'text' ? {} : { badFormat: format }) };
}

/**
 * `changetrail check [<range>] [--format json] [--allow-broken-config]`: every commit in the range
 * must name a ticket (same policy and exemptions as the hooks). For CI, where `--no-verify` cannot
 * skip it. Exit 0: all fine or nothing to check; 1: commits without tickets; 2: the check cannot
 * be trusted (broken config, shallow clone cutting the range, a range git cannot read, no range
 * given in CI and the default one empty). A range `base..head` is checked with the policy of its
 * base (see rangePolicy); commits at or before `enforcement.since` are skipped and counted.
 */
export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check [<range>...] [--format text|json] [--allow-broken-config]',
  summary: 'commits in a range (default: not yet pushed) that name no ticket: exit 1 if any, 2 when the check cannot be trusted; --format json, --allow-broken-config',
  async run({ args, cwd, out, err, logger }) {
    const options = parseArgs(args);
    let rangeText = options.revisions.join(' ');
    let report: (VerdictReport & { readonly failed: number }) | undefined;
    const reportFor = (range: string) => (options.json ? jsonVerdictReport(range, out) : textVerdictReport(range, out, err));
    let stream: CommitStream | undefined;
    try {
      if (options.badFormat !== undefined) throw new Error(`--format ${JSON.stringify(options.badFormat)}: use --format text or --format json`);
      assertRevisions(options.revisions);
      // git log starts at once and runs while the policy is read and the range vetted; nothing
      // is reported before both are done, so a refusal below still comes first.
      if (options.revisions.length > 0) stream = openCommitStream(options.revisions, { cwd, logger });
      const facts = await repositoryFacts({ cwd, logger });
      const git: RunGitOptions = { cwd: facts.root, logger };
      const given = options.revisions.length > 0;
      const range = given ? options.revisions : await defaultRange(git);
      stream ??= openCommitStream(range, git);
      rangeText = range.join(' ');
      report = reportFor(rangeText);
      const [policy, cut] = await Promise.all([policyForRange(range, facts.root, git), facts.shallowFile ? shallowCut(range, git, facts.shallowFile) : undefined]);
      const { config, problems } = policy;
      if (policy.notice) report.notice(policy.notice);
      if (problems.length > 0) {
        const broken = isBroken(problems);
        const head = broken
          ? `ChangeTrail: ${policy.source} is broken (${problems.length} problem${problems.length > 1 ? 's' : ''})${options.allowBrokenConfig ? '; checking with the defaults for what is wrong (--allow-broken-config)' : ''}:`
          : `ChangeTrail: ${policy.source} has warnings:`;
        report.configProblems([head, ...problems.map((p) => `  ${formatProblem(p)}`)], problems);
        if (broken && !options.allowBrokenConfig) {
          report.fail('the team config is broken, so this check would not apply the team policy; fix it (changetrail config check) or pass --allow-broken-config');
          return CANNOT_CHECK;
        }
      }
      if (cut) {
        report.fail(`cannot check ${rangeText}: this is a shallow clone and the range reaches its oldest fetched commit ${cut.slice(0, 10)}, so older commits would go unchecked; ${UNSHALLOW_ADVICE}`);
        return CANNOT_CHECK;
      }
      // enforcement.since, by the rule the hooks follow: older history never needs a ticket.
      const since = await sinceRule(config.enforcement.since, git);
      if (since.kind === 'missing') report.notice(since.warning);
      if (since.kind === 'commit') {
        stream.cancel();
        stream = openCommitStream(withoutSinceCommit(range, since.sha), git);
      }
      const [total, from] = await Promise.all([
        since.kind === 'commit' || since.kind === 'date' ? countCommits(range, git).catch(() => undefined) : undefined,
        since.kind === 'date' ? commitsFrom(range, since.seconds, git).catch(() => undefined) : undefined,
      ]);
      let checked = 0;
      try {
        for await (const batch of stream.batches()) {
          for (const commit of batch) {
            if (from && !from.has(commit.sha)) continue;
            checked++;
            report.commit(checkCommit(commit, ticketSyntaxOf(config)));
          }
        }
      } catch (error) {
        // A fresh repository has no HEAD for git log to start from: there is nothing to check.
        // But a range naming anything else (a typo, a branch, a sha) names no commit: bad range.
        if (!(await isEmptyRepository(git))) throw error;
        const unknown = given ? namedInEmptyRepository(range, await unbornBranch(git)) : undefined;
        if (unknown !== undefined) throw new ChangeTrailError('BadRange', `bad range ${rangeText}: "${unknown}" names no commit (this repository has no commits yet)`);
      }
      if (checked === 0 && !given && inCi(process.env)) {
        report.fail(`cannot tell: no range given and ${rangeText} is empty; pass base..head (e.g. changetrail check origin/main..HEAD)`);
        return CANNOT_CHECK;
      }
      const skipped = total !== undefined && since.kind !== 'none' && since.kind !== 'missing' ? { count: total - checked, since: since.since } : undefined;
      report.finish(skipped);
      return report.failed > 0 ? COMMITS_WITHOUT_TICKETS : PASSED;
    } catch (error) {
      const message =
        error instanceof ChangeTrailError && error.code === 'BadRange' && error.message.startsWith('git could not read')
          ? `${errorMessage(error)}. ${await badRangeAdvice(options.revisions, { cwd, logger }).catch(() => `In CI, fetch the base of the range first (${UNSHALLOW_ADVICE}).`)}`
          : errorMessage(error);
      (report ?? reportFor(rangeText)).fail(message);
      return CANNOT_CHECK;
    } finally {
      stream?.cancel();
    }
  },
};
