/**
 * What the GitHub Action runs, worked out from what the runner sets: the inputs (INPUT_<NAME>),
 * GITHUB_EVENT_NAME and the payload at GITHUB_EVENT_PATH, GITHUB_ACTOR. Pure, so a unit test can
 * give it any event. Whatever it cannot work out is said (exit 2), never guessed: a check of one
 * commit reported as "all 1 commits" would pass a push of many. See
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#default-environment-variables
 */
export interface ActionStep {
  readonly name: 'check' | 'gate' | 'note' | 'digest';
  readonly argv: readonly string[];
  /** Said (as a notice) before the step runs: how its range was chosen. */
  readonly notice?: string;
  /** The step cannot run: why, and what to do (exit 2, with an error annotation). */
  readonly cannotTell?: string;
  /** The step has nothing to do (a push that deleted a branch): said, exit 0. */
  readonly nothing?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

// Payload fields the Action reads, as GitHub documents them:
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request (pull_request.base.sha, .head.sha)
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#merge_group (merge_group.base_sha: the
//   merge group's parent commit; head_sha: the merge group's commit; GITHUB_BASE_REF is not set)
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#push (before: the tip before the push,
//   all zeros when `created`; after: all zeros when `deleted`; forced; ref; repository.default_branch)
interface GitHubEvent {
  readonly pull_request?: { readonly base?: { readonly sha?: string }; readonly head?: { readonly sha?: string } };
  readonly merge_group?: { readonly base_sha?: string; readonly head_sha?: string };
  readonly ref?: string;
  readonly before?: string;
  readonly after?: string;
  readonly created?: boolean;
  readonly deleted?: boolean;
  readonly forced?: boolean;
  readonly repository?: { readonly default_branch?: string };
}

/** The event payload as read from GITHUB_EVENT_PATH, or why it could not be read. */
export type EventRead = { readonly payload: GitHubEvent } | { readonly problem: string };

/** An input with a value the Action does not accept: exit 2 before anything runs. */
export class ActionInputError extends Error {}

const ZERO = /^0+$/;
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

/** An input as the runner passes it: INPUT_ + the name upper-cased, spaces as underscores. */
export function actionInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** A boolean input: true/false (also yes/no, on/off, 1/0, any case); anything else throws, naming the input. */
export function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const value = actionInput(env, name).toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  throw new ActionInputError(`input "${name}" is ${JSON.stringify(actionInput(env, name))}: use true or false (also yes/no, on/off, 1/0)`);
}

type RangeChoice = { readonly range: string[]; readonly notice?: string } | { readonly cannotTell: string } | { readonly nothing: string };

const SET_RANGE = 'set the range input (e.g. range: origin/main..HEAD) or check: false';

/** The commits to check: the `range` input, else what the event brings; never a guess. */
export function checkRange(env: Env, event: EventRead): RangeChoice {
  const given = actionInput(env, 'range');
  if (given) return { range: given.split(/\s+/) };
  if ('problem' in event) return { cannotTell: `the event could not be read (${event.problem}), so the commits to check are unknown; ${SET_RANGE}` };
  const name = env.GITHUB_EVENT_NAME;
  const e = event.payload;
  if (!name) return { cannotTell: `GITHUB_EVENT_NAME is not set, so the commits to check are unknown; ${SET_RANGE}` };
  const missing = (what: string) => ({ cannotTell: `the ${name} event has no ${what}, so the commits to check are unknown; ${SET_RANGE}` });
  if (PULL_REQUEST_EVENTS.includes(name)) {
    const pr = e.pull_request;
    return pr?.base?.sha && pr.head?.sha ? { range: [`${pr.base.sha}..${pr.head.sha}`] } : missing('pull_request.base.sha and head.sha');
  }
  if (name === 'merge_group') {
    const group = e.merge_group;
    return group?.base_sha && group.head_sha ? { range: [`${group.base_sha}..${group.head_sha}`] } : missing('merge_group.base_sha and head_sha');
  }
  if (name !== 'push') return { cannotTell: `the Action does not know which commits a "${name}" event brings (it knows pull_request, pull_request_target, merge_group and push); ${SET_RANGE}` };
  return pushRange(e, missing);
}

function pushRange(e: GitHubEvent, missing: (what: string) => { cannotTell: string }): RangeChoice {
  const ref = e.ref ?? 'the branch';
  if (e.deleted || (e.after && ZERO.test(e.after))) return { nothing: `nothing to check: the push deleted ${ref}` };
  if (!e.after) return missing('after');
  const main = e.repository?.default_branch;
  const isMain = main !== undefined && ref === `refs/heads/${main}`;
  const created = e.created || !e.before || ZERO.test(e.before);
  if (!created && !e.forced) return { range: [`${e.before}..${e.after}`] };
  if (created && isMain) return { range: [e.after], notice: `the push created ${ref}, the default branch: every commit of it is checked` };
  if (!main) return missing('repository.default_branch');
  if (isMain) {
    return { cannotTell: `the push to ${ref} was forced: its old tip ${e.before?.slice(0, 10)} is gone, so which commits are new cannot be told; ${SET_RANGE}` };
  }
  const why = created ? `the push created ${ref}` : `the push to ${ref} was forced, so its old tip ${e.before?.slice(0, 10)} is gone`;
  return { range: [`origin/${main}..${e.after}`], notice: `${why}: its commits not on origin/${main} (the default branch) are checked; that needs origin/${main} fetched (actions/checkout with fetch-depth: 0)` };
}

/** The CLI runs for these inputs, in order: check, gate, note, digest (a failed gate stops the rest: see githubActionEntry). */
export function actionSteps(env: Env, event: EventRead): ActionStep[] {
  const steps: ActionStep[] = [];
  const by = actionInput(env, 'by') || env.GITHUB_ACTOR || '';
  // Every boolean input is read first: a typo (check: ture) stops the Action, never skips a step.
  const [check, post, record] = [booleanInput(env, 'check', true), booleanInput(env, 'post', false), booleanInput(env, 'record', false)];
  if (check) {
    const choice = checkRange(env, event);
    steps.push('range' in choice ? { name: 'check', argv: ['check', ...choice.range], ...(choice.notice ? { notice: choice.notice } : {}) } : { name: 'check', argv: ['check'], ...choice });
  }
  const gate = actionInput(env, 'gate');
  if (gate) {
    const reason = actionInput(env, 'override-reason');
    steps.push({ name: 'gate', argv: ['gate', '--env', gate, ...(by ? ['--by', by] : []), ...(reason ? ['--override-reason', reason] : [])] });
  }
  const environment = actionInput(env, 'note');
  if (environment) {
    const reason = actionInput(env, 'override-reason');
    steps.push({
      name: 'note',
      argv: ['note', '--env', environment, ...(by ? ['--by', by] : []), ...(record ? ['--record'] : []), ...(post ? ['--post'] : []), ...(reason ? ['--override-reason', reason] : [])],
    });
  }
  const since = actionInput(env, 'digest');
  if (since) steps.push({ name: 'digest', argv: ['digest', '--since', since, ...(post ? ['--post'] : [])] });
  return steps;
}
