import { urlHasUserinfo } from '../../../config/configUrl';

/** Jira's cap on a deployment's and a pipeline's url ("maxLength: 2000" in the bulk schema). */
export const MAX_LINK_LENGTH = 2000;

/**
 * A link a record carries (its pipeline's url), if an engine can send it: an absolute http(s)
 * URL of at most 2000 characters with no user:password@ in it. The record comes from whoever
 * ran the CLI or the editor, unchecked: '' or a path or a 5000-character URL made Jira refuse the
 * whole request for good, and credentials written into a CI URL would go to the vendor.
 */
export function recordLink(url: string | undefined): string | undefined {
  if (url === undefined || url.length > MAX_LINK_LENGTH || !/^https?:\/\/\S+$/i.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if (!parsed.hostname) return undefined;
  } catch {
    return undefined;
  }
  return urlHasUserinfo(url) ? undefined : url;
}

/** `text` unless it is blank (empty or only white space). */
export function nonBlank(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}
