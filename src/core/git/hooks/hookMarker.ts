/** First line after the shebang of every script ChangeTrail writes; how install/uninstall recognise them. */
export const HOOK_MARKER = '# changetrail-hook v1';

/**
 * What line 2 of a script says it is (`commit-msg`, `forward`, ...) when ChangeTrail wrote it;
 * undefined for anyone else's. Line 2 only, as lib.sh's ct_chain and each hook's fallback read it:
 * a user's hook that merely quotes the marker further down is the user's, never deleted as ours.
 */
export function scriptKind(text: string): string | undefined {
  const start = text.indexOf('\n') + 1;
  if (start === 0) return undefined;
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end === -1 ? text.length : end);
  const prefix = `${HOOK_MARKER} (`;
  if (!line.startsWith(prefix)) return undefined;
  return /^[a-z-]*/.exec(line.slice(prefix.length))?.[0] ?? '';
}

/** Whether `text` is one of ChangeTrail's hook scripts (not a forwarder, which runs the user's shared hook). */
export const isOwnHookText = (text: string | undefined): boolean => {
  const kind = text === undefined ? undefined : scriptKind(text);
  return kind !== undefined && kind !== 'forward';
};

/** Whether ChangeTrail wrote `text` (its hooks and its forwarders). */
export const isChangeTrailScript = (text: string | undefined): boolean => text !== undefined && scriptKind(text) !== undefined;
