// Entry of dist/simple-git.js: simple-git as its own chunk, required by the extension's bundles on
// the first plain git call (see plainGit.ts), so activation never loads it.
export { simpleGit } from 'simple-git';
