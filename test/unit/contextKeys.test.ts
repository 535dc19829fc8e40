import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/projectRoot';

// A new user's probe of the File History view: with a file that has no commits yet, the view's
// welcome said "No change records yet. Fill the Impact Checklist..." in a repository full of
// records, because its `when` clause read `!changetrail.hasRecords`, a context key nothing ever
// set (so always true). Every ChangeTrail context key a `when` clause of the manifest reads is
// set somewhere in src/ (setContext), or it is a view or command id.

const root = projectRoot();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('context keys in the manifest\'s when clauses', () => {
  it('are each set by the extension (or name a view or command)', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> } };
    const whens: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) (key === 'when' || key === 'enablement') && typeof value === 'string' ? whens.push(value) : walk(value);
      else if (typeof node === 'string' && node.startsWith('onContext:')) whens.push(node.slice('onContext:'.length));
    };
    walk(manifest.contributes);
    const ids = new Set([...manifest.contributes.commands.map((c) => c.command), ...Object.values(manifest.contributes.views).flat().map((v) => v.id)]);
    const read = new Set(whens.flatMap((w) => [...w.matchAll(/changetrail\.[A-Za-z]+/g)].map((m) => m[0])).filter((k) => !ids.has(k)));
    const set = new Set(sources(join(root, 'src')).flatMap((text) => [...text.matchAll(/'setContext',\s*'(changetrail\.[A-Za-z]+)'/g)].map((m) => m[1])));
    // The walkthrough's keys are set through walkthroughStepDone (src/host/walkthroughSteps.ts).
    for (const m of readFileSync(join(root, 'src', 'host', 'walkthroughSteps.ts'), 'utf8').matchAll(/^\s+\w+: '(changetrail\.[A-Za-z]+)',$/gm)) set.add(m[1]);
    assert.ok(read.size > 0, 'the manifest reads context keys');
    assert.deepEqual([...read].filter((k) => !set.has(k)), [], 'read in a when clause, never set');
  });

  // The walkthrough's first step was ticked on onCommand:changetrail.openTeamConfig: opening the
  // question and answering no (or it failing) ticked "Create the team config" with no config made.
  it('the walkthrough ticks "Create the team config" when a config exists, not when the command ran', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: { id: string; completionEvents: string[] }[] }[] } };
    const step = manifest.contributes.walkthroughs[0].steps.find((s) => s.id === 'teamConfig');
    assert.deepEqual(step?.completionEvents, ['onContext:changetrail.hasTeamConfig']);
  });

  // The other steps were ticked on onCommand too: "Install the git hooks" by the Restricted Mode
  // refusal, "Connect a tracker" by a cancelled sign-in, "Fill the first impact checklist" by
  // opening it (and never by the webview's own Submit button, which runs no command).
  it('every walkthrough step is ticked by what it asks for (a context key), never by a command having run', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: { id: string; completionEvents: string[] }[] }[] } };
    const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
    assert.ok(steps.length >= 5, 'the walkthrough has its steps');
    for (const step of steps) {
      assert.ok(step.completionEvents.length > 0 && step.completionEvents.every((e) => e.startsWith('onContext:changetrail.')), `${step.id}: ${step.completionEvents.join(', ')}`);
    }
    const keys = readFileSync(join(root, 'src', 'host', 'walkthroughSteps.ts'), 'utf8');
    for (const id of ['hooks', 'tracker', 'checklist', 'deployment']) {
      const step = steps.find((s) => s.id === id);
      assert.ok(step && keys.includes(`${id}: '${step.completionEvents[0].slice('onContext:'.length)}'`), `${id} waits for its key in walkthroughSteps.ts`);
    }
  });
});
