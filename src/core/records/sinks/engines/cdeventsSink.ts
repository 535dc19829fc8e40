import { CloudEvent, HTTP } from 'cloudevents';
import { systemClock } from '../../../clock';
import type { CdeventsEngineConfig } from '../../../config/engines/cdeventsEngineSchema';
import { excerpt } from '../../../log';
import { DEFAULT_NETWORK } from '../../../net/networkOptions';
import type { LogEntry } from '../../changeRecord';
import { ChannelHttp, type ChannelPoster } from '../channelPost';
import { type DeliveryOptions, PermanentDeliveryError, type RecordSink } from '../recordSink';
import { checkWebhookUrl } from '../webhookSink';
import { type CDEventNames, cdeventOf } from './cdeventsOf';
import { originUrl, repositoryName } from './engineGitFacts';
import type { EngineSinkSetup } from './engineSinkSetup';
import { eventEngineFailure } from './eventEngineFailure';

/**
 * CDEvents (cdevents.dev, spec 0.4.x) as CloudEvents 1.0 over HTTP, made with the CloudEvents SDK
 * (which checks the CloudEvents attributes before anything leaves), in structured mode: one
 * `application/cloudevents+json` body holds the attributes and the CDEvent, so a receiver that
 * stores or forwards bodies (a queue, a log, a collector) keeps the id and type with the data.
 * The CloudEvent's id is the log entry's id, the same on every retry: receivers deduplicate on
 * source + id (CloudEvents 1.0, "id"), so a retried delivery whose reply was lost is not a second event.
 * Entries that are no CDEvent (a manual change, an incident update) are acknowledged unsent.
 */
export class CdeventsSink implements RecordSink {
  readonly id = 'cdevents';
  readonly label: string;
  private readonly url: URL;
  private readonly http: ChannelPoster;
  private names: CDEventNames | undefined;

  constructor(
    private readonly config: CdeventsEngineConfig,
    private readonly setup: EngineSinkSetup,
    http?: ChannelPoster,
  ) {
    this.url = checkWebhookUrl(config.url, 'engines.cdevents.url');
    this.label = `CDEvents (${this.url.host})`;
    this.http = http ?? new ChannelHttp(this.label, setup.network ?? DEFAULT_NETWORK, setup.logger);
  }

  async deliver(entry: LogEntry, options: DeliveryOptions): Promise<{ readonly url?: string }> {
    const names = await this.eventNames();
    const cdevent = cdeventOf(entry, names);
    if (!cdevent) return {};
    const event = makeEvent(this.label, {
      specversion: '1.0',
      id: cdevent.context.id,
      source: cdevent.context.source,
      type: cdevent.context.type,
      subject: cdevent.subject.id,
      time: cdevent.context.timestamp,
      datacontenttype: 'application/json',
      data: cdevent,
    });
    const message = HTTP.structured(event);
    const headers: Record<string, string> = { 'Idempotency-Key': options.idempotencyKey };
    for (const [name, value] of Object.entries(message.headers)) headers[name] = String(value);
    const token = await this.setup.secret('cdevents', 'token');
    const authHeader = this.config.authHeader ?? 'Authorization';
    if (token) headers[authHeader] = authHeader.toLowerCase() === 'authorization' ? `Bearer ${token}` : token;
    const res = await this.http.post(this.url, Buffer.from(String(message.body), 'utf8'), options.signal, headers);
    if (res.status >= 200 && res.status < 300) return {};
    throw eventEngineFailure(this.label, res, (this.setup.clock ?? systemClock).now(), 'set the receiver token (CHANGETRAIL_CDEVENTS_TOKEN in CI)', token ? [token] : []);
  }

  private async eventNames(): Promise<CDEventNames> {
    if (this.names) return this.names;
    const name = repositoryName(this.setup.repoRoot);
    const repository = (await originUrl(this.setup.repoRoot)) ?? name;
    this.names = { source: this.config.source ?? `changetrail/${name}`, service: this.config.service ?? `service/${name}`, repository, artifact: name };
    return this.names;
  }
}

/**
 * The CloudEvent, or a permanent failure naming what the SDK refused (a `source` that is no URI
 * reference...): the same entry would be refused on every retry, and "invalid payload" says nothing.
 */
function makeEvent(label: string, attributes: ConstructorParameters<typeof CloudEvent<unknown>>[0]): CloudEvent<unknown> {
  try {
    return new CloudEvent<unknown>(attributes);
  } catch (error) {
    const details = (error as { errors?: unknown }).errors;
    const said = Array.isArray(details)
      ? details.map((d: { instancePath?: unknown; message?: unknown }) => `${String(d.instancePath ?? '').replace(/^\//, '') || 'event'} ${String(d.message ?? 'is invalid')}`).join('; ')
      : String((error as Error).message);
    throw new PermanentDeliveryError(`${label}: the CloudEvents SDK refused the event (${excerpt(said, 200)}); check engines.cdevents.source and service`);
  }
}
