declare const CHANGETRAIL_CLI_FILES: string | undefined;

/** The files dist/cli.js requires from beside itself (its chunks, RE2...): set by the build (esbuild.lazy.mjs CLI_FILES). */
export const CLI_FILES: readonly string[] = typeof CHANGETRAIL_CLI_FILES === 'string' ? CHANGETRAIL_CLI_FILES.split(' ') : [];

/** Every file the hooks need in `<hooks>/changetrail/`: with one missing, what the fast path cannot settle cannot be checked. */
export const HOOK_SUPPORT_FILES: readonly string[] = ['lib.sh', 'ticket.awk', 'cli.js', ...CLI_FILES];
