import type { TeamConfig } from '../../../config/teamConfigSchema';
import type { RecordSink } from '../recordSink';
import { CdeventsSink } from './cdeventsSink';
import { DevlakeSink } from './devlakeSink';
import type { EngineSinkSetup } from './engineSinkSetup';
import { GithubDeploymentsSink } from './githubDeploymentsSink';
import { GitlabDeploymentsSink } from './gitlabDeploymentsSink';
import { JiraDeploymentsSink } from './jiraDeploymentsSink';

/**
 * The sinks of the engines the team config turns on (`engines` in .changetrail/config.json), for
 * the durable outbox, one line per engine; an engine that cannot be set up is logged
 * and left out, never thrown, so one bad engine does not stop the others.
 */
export function createEngineSinks(config: TeamConfig, setup: EngineSinkSetup): RecordSink[] {
  const sinks: RecordSink[] = [];
  const add = (make: () => RecordSink | undefined) => {
    try {
      const sink = make();
      if (sink) sinks.push(sink);
    } catch (error) {
      setup.logger.warn(`engine sink left out: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  add(() => (config.engines.devlake ? new DevlakeSink(config.engines.devlake, setup) : undefined));
  add(() => (config.engines.cdevents ? new CdeventsSink(config.engines.cdevents, setup) : undefined));
  add(() => (config.engines.github ? new GithubDeploymentsSink(config.engines.github, setup) : undefined));
  add(() => (config.engines.gitlab ? new GitlabDeploymentsSink(config.engines.gitlab, setup) : undefined));
  add(() => (config.engines.jira ? new JiraDeploymentsSink(config.engines.jira, setup) : undefined));
  return sinks;
}
