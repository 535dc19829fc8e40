import * as z from 'zod/mini';
import { noUrlCredentials } from '../configUrl';

/**
 * The characters of an RFC 3986 URI-reference (unreserved, reserved, %XX), which CloudEvents
 * requires of `source`; the SDK refuses anything else when the event is made. Linear.
 */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;

/**
 * `engines.cdevents`: CDEvents (cdevents.dev) as CloudEvents over HTTP to any receiver. An optional
 * token is a secret: SecretStorage ("cdevents" / "token") or CHANGETRAIL_CDEVENTS_TOKEN, never here.
 */
export const cdeventsEngineSchema = z.strictObject({
  /** The CloudEvents receiver (a broker, an event router, a CDviz collector...): https, or http to this machine. */
  url: z.string().check(z.minLength(1), noUrlCredentials),
  /** The events' `source` (a URI reference); default `changetrail/<repository folder name>`. */
  source: z.optional(z.string().check(z.minLength(1), z.regex(URI_REFERENCE, 'a URI reference (CloudEvents "source"), e.g. changetrail/shop or https://ci.example.com/shop: no spaces, % only as %XX'))),
  /** The service's id in service.* events; default `service/<repository folder name>`. */
  service: z.optional(z.string().check(z.minLength(1))),
  /** The header that carries the token; `Authorization` (the default) sends `Bearer <token>`, any other the token as is. */
  authHeader: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name'))),
});
export type CdeventsEngineConfig = z.output<typeof cdeventsEngineSchema>;
