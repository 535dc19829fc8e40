/** Network settings, from VS Code's http.* settings in the editor and the environment in the CLI. */
export interface NetworkOptions {
  /** Total deadline of one request, connection to last byte (not an idle timer). */
  readonly timeoutMs: number;
  /** e.g. http://proxy:3128; undefined: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment apply. */
  readonly proxy?: string;
  readonly strictSSL: boolean;
  /** Extra CA certificates (PEM) for trackers behind a private CA. */
  readonly ca?: string;
  /** How long to wait for a 429's Retry-After before giving up (ms). */
  readonly maxRetryWaitMs: number;
}

export const DEFAULT_NETWORK: NetworkOptions = { timeoutMs: 10_000, strictSSL: true, maxRetryWaitMs: 5_000 };
