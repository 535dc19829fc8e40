/**
 * What the GitHub Action runs, worked out from what the runner sets: the inputs (INPUT_<NAME>),
 * GITHUB_EVENT_PATH's pull_request or push payload, GITHUB_BASE_REF, GITHUB_SHA and GITHUB_ACTOR.
 * Pure, so a unit test can give it any event. See
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#default-environment-variables
 */
export interface ActionStep {
  readonly name: 'check' | 'gate' | 'note' | 'digest';
  readonly argv: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

interface GitHubEvent {
  readonly pull_request?: { readonly base?: { readonly sha?: string }; readonly head?: { readonly sha?: string } };
  readonly before?: string;
  readonly after?: string;
}

const ZERO = /^0+$/;

/** An input as the runner passes it: INPUT_ + the name upper-cased, spaces as underscores. */
export function actionInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function yes(value: string): boolean {
  return ['true', 'yes', '1', 'on'].includes(value.toLowerCase());
}

/** The commits to check: the `range` input, a pull request's base..head, a push's before..after, else the head commit alone. */
export function checkRange(env: Env, event: GitHubEvent | undefined): string[] {
  const given = actionInput(env, 'range');
  if (given) return given.split(/\s+/);
  const pr = event?.pull_request;
  if (pr?.base?.sha && pr.head?.sha) return [`${pr.base.sha}..${pr.head.sha}`];
  const head = env.GITHUB_SHA || 'HEAD';
  if (env.GITHUB_BASE_REF) return [`origin/${env.GITHUB_BASE_REF}..${head}`];
  if (event?.before && !ZERO.test(event.before)) return [`${event.before}..${event.after || head}`];
  // A new branch or a manual run: the pushed commit itself.
  return [`${head}^!`];
}

/** The CLI runs for these inputs, in order: check, gate, note, digest (a failed gate stops the rest: see githubActionEntry). */
export function actionSteps(env: Env, event: GitHubEvent | undefined): ActionStep[] {
  const steps: ActionStep[] = [];
  const by = actionInput(env, 'by') || env.GITHUB_ACTOR || '';
  const post = yes(actionInput(env, 'post'));
  if (yes(actionInput(env, 'check') || 'true')) steps.push({ name: 'check', argv: ['check', ...checkRange(env, event)] });
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
      argv: ['note', '--env', environment, ...(by ? ['--by', by] : []), ...(yes(actionInput(env, 'record')) ? ['--record'] : []), ...(post ? ['--post'] : []), ...(reason ? ['--override-reason', reason] : [])],
    });
  }
  const since = actionInput(env, 'digest');
  if (since) steps.push({ name: 'digest', argv: ['digest', '--since', since, ...(post ? ['--post'] : [])] });
  return steps;
}
