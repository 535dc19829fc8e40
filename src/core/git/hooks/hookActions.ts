// Entry of dist/hooks.js: installing and removing hooks carries the hook scripts, so the
// extension loads it only when one of those commands runs, or when it first offers to install them.
export { hookStatus } from './hookStatus';
export { installHooks } from './installHooks';
export { uninstallHooks } from './uninstallHooks';
