import * as z from 'zod/mini';

// The committed config is read by everyone with the repository: a URL there must carry no
// credentials. The message never repeats the URL, so a password is not echoed into a log or a CI job.

const CREDENTIALS = 'must not hold a user name or password (user:password@host): credentials belong in SecretStorage (the ChangeTrail sign-in and secret commands) or in CI environment variables, never in the committed config';

// An authority with an @ in it, for text that is no URL to the parser (a template, a typo). Linear: one anchored pass.
const USERINFO = /^[A-Za-z][A-Za-z0-9+.-]*:[\\/]*[^\\/?#]*@/;

/** Whether a URL carries userinfo (`user:password@host`), as the URL parser or a look at its authority tells. */
export function urlHasUserinfo(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.username !== '' || url.password !== '') return true;
  } catch {
    // not a URL to the parser: the plain look below decides
  }
  return USERINFO.test(text);
}

/** Whether a git remote URL carries a secret: a password, or any userinfo over http(s) (a token as user name); `ssh://git@host` and `git@host:org/repo` carry none. */
export function remoteUrlHasSecret(text: string): boolean {
  try {
    const url = new URL(text);
    return url.password !== '' || (/^https?:$/i.test(url.protocol) && url.username !== '');
  } catch {
    return /^https?:/i.test(text) && USERINFO.test(text);
  }
}

/** Refuses a URL with credentials in it; the issue names the field, never the value. */
export const noUrlCredentials = z.refine<string>((text) => !urlHasUserinfo(text), CREDENTIALS);

/** Refuses a repository URL with a secret in it (see remoteUrlHasSecret). */
export const noRemoteUrlSecret = z.refine<string>((text) => !remoteUrlHasSecret(text), CREDENTIALS);

/** An http(s) URL in the committed config: no whitespace, no credentials. */
export const configHttpUrl = z.string().check(z.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'), noUrlCredentials);
