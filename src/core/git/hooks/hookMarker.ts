/** First line after the shebang of every script ChangeTrail writes; how install/uninstall recognise them. */
export const HOOK_MARKER = '# changetrail-hook v1';
