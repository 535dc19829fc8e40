import { searchLessons } from '../../core/incidents/lessons';
import type { CliCommand } from '../cliContext';
import { numberOption } from '../cliOptions';
import { openWorkspace } from '../incidentSupport';
import { isRefusal } from '../usableTeamConfig';
import { lastValue, parseArgs } from '../parseArgs';

/** `changetrail lessons <words> [--limit 20] [--format text|json]`: past incidents whose cause or lessons match. */
export const lessonsCommand: CliCommand = {
  name: 'lessons',
  usage: 'lessons <words> [--limit 20] [--format text|json]',
  summary: 'search the causes and lessons of past incidents: changetrail lessons <words> [--format text|json]',
  async run(ctx) {
    const args = parseArgs(ctx.args, ['--limit', '--format'], []);
    const problems = [...args.problems];
    const format = lastValue(args, '--format') ?? 'text';
    if (!['text', 'json'].includes(format)) problems.push('--format must be text or json');
    const limit = numberOption('--limit', lastValue(args, '--limit'), { min: 1, integer: true, unit: 'incidents' }, problems) ?? 20;
    if (problems.length > 0) {
      ctx.err(`changetrail lessons: ${problems.join('; ')}`);
      return 2;
    }
    const ws = await openWorkspace(ctx, 'lessons', 'read');
    if (isRefusal(ws)) return ws.exitCode;
    const hits = await searchLessons(ws.index, args.positionals.join(' '), limit);
    if (format === 'json') {
      ctx.out(JSON.stringify(hits.map((h) => h.incident), null, 2));
      return hits.length > 0 ? 0 : 1;
    }
    if (hits.length === 0) {
      ctx.err(`No incident's cause or lessons match "${args.positionals.join(' ')}".`);
      return 1;
    }
    for (const { incident: i } of hits) {
      const flat = (t: string) => t.replace(/\s+/g, ' ').trim();
      ctx.out(`${i.incidentId}  ${i.detectedAt.slice(0, 10)}  [level ${i.level}] ${flat(i.title)}${i.systems.length > 0 ? ` (${i.systems.join(', ')})` : ''}`);
      if (i.cause) ctx.out(`    Cause: ${i.cause.kind}${i.cause.deployment ? ` ${i.cause.deployment}` : ''}${i.cause.summary ? `: ${flat(i.cause.summary)}` : ''}${i.fix ? `; fixed by ${i.fix}` : ''}`);
      if (i.lessons) ctx.out(`    Lessons: ${flat(i.lessons)}`);
      if (i.followUps?.length) ctx.out(`    Follow-ups: ${i.followUps.join(', ')}`);
    }
    return 0;
  },
};
