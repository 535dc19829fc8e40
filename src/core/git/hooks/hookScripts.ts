// The hook scripts ChangeTrail installs. POSIX sh; on the fast path they start one awk and
// nothing else, so a commit stays within 2x of a bare one (bench/commit-hook). Anything the
// fast path cannot settle goes to the CLI (cli.js copied beside the hooks, so the hooks never
// point into the extension's folder and survive its updates).

import { envConfigKeySh } from './envConfigKey';
import { HOOK_MARKER } from './hookMarker';

export { HOOK_MARKER } from './hookMarker';

/** The hooks ChangeTrail can install. */
export type HookName = 'commit-msg' | 'prepare-commit-msg' | 'pre-push';

/** Quotes a value for sh: single quotes, with ' written as '\''. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `<hooks>/changetrail/lib.sh`: locating the git dir, compiling the policy, calling the CLI. */
export function hookLibrary(nodePath: string, cliFiles: readonly string[] = []): string {
  return `${HOOK_MARKER} (library)
# Sourced by ChangeTrail's hooks. Starts no process on the fast path.
CT_NODE=${shQuote(nodePath)}
CT_CLI_FILES=${shQuote(['cli.js', ...cliFiles].join(' '))}
CT_REQUIRE_COMMIT=1 CT_HAS_CONFIG=0 CT_PROJECTS= CT_LOOKALIKES= CT_FORMAT='{ticket}: {message}' CT_COMMENT_CHAR='#' CT_CLEANUP=default
CT_KEY_GLOBS= CT_CCS='#' CT_COMMENT_AUTO=0 CT_FAST_PREPARE=0 CT_BROKEN= CT_NUMBERED= CT_ENV_KEY='(not compiled)'
CT_CR='\r'
ct_linked() { CT_LINKED=; } # the compiled policy redefines it with the branches' linked tickets

ct_locate() {
  if [ -n "\${GIT_DIR:-}" ]; then CT_GD=$GIT_DIR
  elif [ -f .git ]; then IFS= read -r CT_GD < .git || :; CT_GD=\${CT_GD#gitdir: }
  else CT_GD=.git; fi
  CT_COMMON=$CT_GD
  if [ -f "$CT_GD/commondir" ]; then
    IFS= read -r ct_c < "$CT_GD/commondir" || :
    case $ct_c in /*) CT_COMMON=$ct_c ;; *) CT_COMMON=$CT_GD/$ct_c ;; esac
  fi
}

# Runs the ChangeTrail CLI with the node on PATH, else the one that installed the hooks.
# A CLI file gone (an install cut short, a clean-up tool) is said in one line, not as node's stack trace.
ct_cli() {
  for ct_f in $CT_CLI_FILES; do
    [ -f "$CT_DIR/$ct_f" ] || { echo "ChangeTrail: $CT_DIR/$ct_f is missing, so ChangeTrail cannot check what its fast path leaves open; restore with: changetrail hooks install" >&2; return 127; }
  done
  if command -v node >/dev/null 2>&1; then node "$CT_DIR/cli.js" "$@"
  elif [ -x "$CT_NODE" ]; then ELECTRON_RUN_AS_NODE=1 "$CT_NODE" "$CT_DIR/cli.js" "$@"
  else return 127; fi
}

# Loads the compiled team policy, recompiling it when the config, git config or CLI is newer.
# A broken config keeps the last good policy, and every hook run says so first (CT_BROKEN).
ct_policy() {
  ct_locate
  # The key of the git settings in this environment, as sh sees it, handed to every compile: node
  # started from sh may see HOME in another form (Git for Windows: /c/Users/me vs C:\\Users\\me),
  # and a key it made itself would never match, so every commit would compile again.
  ct_env_key
  CT_ENV_KEY_SH=$CT_ENV_NOW
  export CT_ENV_KEY_SH
  ct_p=$CT_GD/changetrail-policy.sh
  ct_xdg=\${XDG_CONFIG_HOME:-$HOME/.config}/git/config
  if [ ! -f "$ct_p" ] || [ .changetrail/config.json -nt "$ct_p" ] || [ "$CT_COMMON/config" -nt "$ct_p" ] || [ "$CT_GD/config.worktree" -nt "$ct_p" ] ||
     [ "$HOME/.gitconfig" -nt "$ct_p" ] || [ "$ct_xdg" -nt "$ct_p" ] || [ "$CT_DIR/cli.js" -nt "$ct_p" ] ||
     [ "\${GIT_CONFIG_GLOBAL:-$ct_p}" -nt "$ct_p" ] || [ "\${GIT_CONFIG_SYSTEM:-/etc/gitconfig}" -nt "$ct_p" ]; then
    ct_cli hooks compile-policy --out "$ct_p" >&2 || echo "ChangeTrail: cannot run its CLI; the hook uses the policy compiled last (or the default one)." >&2
  fi
  [ -f "$ct_p" ] && . "$ct_p"
  # Compiled under other git settings from the environment (git -c core.commentChar=...): compile for these.
  if [ "$CT_ENV_KEY" != "$CT_ENV_NOW" ]; then
    if ct_cli hooks compile-policy --out "$ct_p" >&2; then . "$ct_p"
    else echo "ChangeTrail: cannot run its CLI; the hook uses the policy compiled last (or the default one), whose git settings may differ." >&2; fi
  fi
  if [ "$CT_HAS_CONFIG" = 1 ] && [ ! -f .changetrail/config.json ]; then
    ct_cli hooks compile-policy --out "$ct_p" >&2 && . "$ct_p"
  fi
  [ -z "$CT_BROKEN" ] || printf '%s\\n' "$CT_BROKEN" >&2
  case $CT_CLEANUP in
    strip) CT_STRIP=1 ;;
    whitespace|verbatim|scissors) CT_STRIP=0 ;;
    *) # git's default: strip when an editor is used; git tells hooks "no editor" with GIT_EDITOR=:
      if [ "\${GIT_EDITOR-}" = : ]; then CT_STRIP=0; else CT_STRIP=1; fi ;;
  esac
  if [ "$CT_COMMENT_AUTO" = 1 ] && [ -f "$CT_GD/changetrail-msg-source" ]; then
    ct_acc=; { IFS= read -r ct_src; IFS= read -r ct_acc; } < "$CT_GD/changetrail-msg-source" || :
    [ -z "$ct_acc" ] || CT_COMMENT_CHAR=$ct_acc
  fi
}

# The awk fast path; text goes through the environment (awk's -v would read backslashes as escapes).
ct_awk() {
  LC_ALL=C CT_AWK_CC=$CT_COMMENT_CHAR CT_AWK_CCS=$CT_CCS CT_AWK_FMT=$CT_FORMAT CT_AWK_BRANCH=\${ct_b-} CT_AWK_LINKED=\${CT_LINKED-} \\
  CT_AWK_CACHE=$CT_GD/changetrail-branch-ticket CT_AWK_MSG=$2 \\
    awk -v mode="$1" -v strip="$CT_STRIP" -v projects="$CT_PROJECTS" -v numbered="$CT_NUMBERED" -v lookalikes="$CT_LOOKALIKES" -f "$CT_DIR/ticket.awk" "$2"
}

# The current branch (ct_b), read from HEAD without a process; empty when detached.
ct_branch() {
  ct_b=; [ -f "$CT_GD/HEAD" ] && IFS= read -r ct_b < "$CT_GD/HEAD"
  case $ct_b in "ref: refs/heads/"*) ct_b=\${ct_b#ref: refs/heads/} ;; *) ct_b= ;; esac
}

# Whether the subject line starts with a ticket (the default format), decided without starting a
# process: the key before the first "-" (2-10 word characters, a listed project or, with none, an
# upper-case key that is no look-alike), then 1-9 digits, then nothing or ASCII punctuation.
ct_fast_subject() {
  ct_first=; IFS= read -r ct_first < "$1" || [ -n "$ct_first" ] || return 1
  ct_subject_ok || return 1
  # Something besides the ticket must follow it: a subject that is only "PROJ-1: " is an empty message (awk and the CLI decide).
  case \${ct_s#*-} in *[!0-9\\ :,.\\;\\)/\\	-]*) return 0 ;; esac
  return 1
}
# The same test on the first line already read into ct_first (a line is read once: sh reads byte by byte).
ct_subject_ok() {
  ct_s=\${ct_first%"$CT_CR"}
  set -f
  for ct_g in $CT_CCS; do case $ct_s in "$ct_g"*) set +f; return 1 ;; esac; done
  set +f
  case $ct_s in [A-Za-z]?-[1-9]*|[A-Za-z]??-[1-9]*|[A-Za-z]???-[1-9]*|[A-Za-z]????-[1-9]*|[A-Za-z]?????-[1-9]*|[A-Za-z]??????-[1-9]*|[A-Za-z]???????-[1-9]*|[A-Za-z]????????-[1-9]*|[A-Za-z]?????????-[1-9]*) ;; *) return 1 ;; esac
  ct_k=\${ct_s%%-*}
  case $ct_k in ''|?|???????????*|[!A-Za-z]*|*[!A-Za-z0-9_]*) return 1 ;; esac
  if [ -n "$CT_PROJECTS" ]; then
    set -f
    for ct_g in $CT_KEY_GLOBS; do case $ct_k in $ct_g) set +f; ct_k=; break ;; esac; done
    set +f
    [ -z "$ct_k" ] || return 1
  else
    case $ct_k in *[!A-Z0-9_]*) return 1 ;; esac
    case " $CT_LOOKALIKES " in *" $ct_k "*) return 1 ;; esac
  fi
  case \${ct_s#*-} in ${numberGlobs()}) return 0 ;; esac
  return 1
}

# The common case of prepare-commit-msg without a process: a one-line message (-m) with no digit
# (so no ticket in it) on a branch whose ticket is linked or was found before (cached by awk).
# Reads ct_first, ct_second and ct_lines, set by the caller.
ct_prepare_fast() {
  [ "$CT_FAST_PREPARE" = 1 ] || return 1
  ct_t=$CT_LINKED
  if [ -z "$ct_t" ]; then
    [ -f "$CT_GD/changetrail-branch-ticket" ] || return 1
    IFS= read -r ct_c < "$CT_GD/changetrail-branch-ticket" || return 1
    [ "\${ct_c#*\t}" = "$ct_b" ] || return 1
    ct_t=\${ct_c%%\t*}
  fi
  case $ct_t in ''|*[!A-Za-z0-9_#-]*) return 1 ;; esac
  [ "$ct_lines" = 1 ] && [ -z "$ct_second" ] || return 1 # exactly one line, ended by a newline
  case $ct_first in ''|*[0-9]*|*"$CT_CR"*|[[:space:]]*|"$CT_COMMENT_CHAR"*) return 1 ;; esac
  ct_fmt "$ct_t" "$ct_first" || return 1
  printf '%s\\n' "$CT_OUT" > "$1"
}

# Runs the hooks that were here before ChangeTrail (kept as <hook>.pre-changetrail, then .2, ...
# when another tool replaced ours later), each with its own name as $0 (husky's dispatcher needs it)
# and, for pre-push, git's ref lines on stdin.
ct_chain() {
  for ct_prev in "$CT_HOOKS/$CT_HOOK.pre-changetrail" "$CT_HOOKS/$CT_HOOK.pre-changetrail".[0-9]*; do
    [ -x "$ct_prev" ] || continue # git would not have run it either
    ct_sh=0; ct_l=; ct_l2=; { IFS= read -r ct_l; IFS= read -r ct_l2; } < "$ct_prev" || :
    # A copy of a ChangeTrail hook is never "the hook that was there before": it would run itself without end.
    case $ct_l2 in ${shQuote(`${HOOK_MARKER} (forward)`)}*) ;; ${shQuote(`${HOOK_MARKER} (`)}*) continue ;; esac
    case $ct_l in '#!'*/sh|'#!'*/sh' '*|'#!'*/dash*|'#!'*'env sh'*) ct_sh=1 ;; esac
    if [ "\${ct_in+set}" = set ]; then
      if [ $ct_sh = 1 ]; then printf '%s\\n' "$ct_in" | CT_PREV=$ct_prev sh -c '. "$CT_PREV"' "$CT_HOOKS/$CT_HOOK" "$@" || return $?
      else printf '%s\\n' "$ct_in" | "$ct_prev" "$@" || return $?; fi
    elif [ $ct_sh = 1 ]; then CT_PREV=$ct_prev sh -c '. "$CT_PREV"' "$CT_HOOKS/$CT_HOOK" "$@" || return $?
    else "$ct_prev" "$@" || return $?; fi
  done
}
ct_fmt() { return 1; } # the compiled policy defines it when the format can be applied in sh
${envConfigKeySh()}
`;
}

/** sh case patterns for a ticket number at the start of the rest of the subject: 1-9 digits, then nothing or ASCII punctuation. */
export function numberGlobs(): string {
  const globs: string[] = [];
  for (let digits = 1; digits <= 9; digits++) {
    const number = `[1-9]${'[0-9]'.repeat(digits - 1)}`;
    // Backslashes: in a case pattern a bare space, ; or ) would end the pattern.
    globs.push(number, `${number}[\\ :,.\\;\\)/-]*`);
  }
  return globs.join('|');
}

function header(hook: HookName, chainBySourcing: boolean): string {
  return `#!/bin/sh
${HOOK_MARKER} (${hook})
# Installed by ChangeTrail. "changetrail hooks uninstall" (or the VS Code command) restores what was here.
CT_HOOK=${hook} CT_HOOKS=\${0%/*} CT_CHAIN_SOURCE=${chainBySourcing ? 1 : 0}
CT_DIR=$CT_HOOKS/changetrail
if [ ! -f "$CT_DIR/lib.sh" ]; then
  # Another tool moved this script, or ChangeTrail was removed around it: never block a commit for that.
  echo "ChangeTrail: its files are gone from $CT_DIR, so this $CT_HOOK hook ($0) checks nothing. Restore with: changetrail hooks install (or delete $0)." >&2
  # A kept copy of a ChangeTrail hook (its line 2 is our marker, not a forwarder's) would exec itself without end, as in ct_chain.
  ct_l2=; { IFS= read -r ct_l2; IFS= read -r ct_l2; } < "$CT_HOOKS/$CT_HOOK.pre-changetrail" 2>/dev/null || :
  case $ct_l2 in ${shQuote(`${HOOK_MARKER} (forward)`)}*) ;; ${shQuote(`${HOOK_MARKER} (`)}*) exit 0 ;; esac
  [ -x "$CT_HOOKS/$CT_HOOK.pre-changetrail" ] && exec "$CT_HOOKS/$CT_HOOK.pre-changetrail" "$@"
  exit 0
fi
. "$CT_DIR/lib.sh"
`;
}

/** The script for one hook; `chainBySourcing` when the hook it replaces is an sh script. */
export function hookScript(hook: HookName, chainBySourcing: boolean): string {
  switch (hook) {
    case 'commit-msg':
      return `${header(hook, chainBySourcing)}ct_policy
ct_rc=0
if ! ct_fast_subject "$1"; then
  ct_branch; ct_linked "$ct_b"
  ct_awk check "$1"; ct_rc=$?
fi
# 1: no ticket found on the fast path; 2: nothing but a ticket, which git's "an empty message aborts
# the commit" covers whatever the policy. The CLI decides (comments, exemptions, custom patterns) and explains.
if [ "$ct_rc" = 2 ] || { [ "$ct_rc" != 0 ] && [ "$CT_REQUIRE_COMMIT" = 1 ]; }; then
  CT_GIT_PID=$PPID; export CT_GIT_PID
  ct_cli hook commit-msg "$1" "$CT_STRIP"
  ct_rc=$?
  if [ "$ct_rc" = 127 ]; then echo "ChangeTrail: this commit message names no ticket or is empty (and ChangeTrail's CLI could not run to say more)." >&2; exit 1; fi
  [ "$ct_rc" = 0 ] || exit "$ct_rc"
fi
ct_chain "$@"
`;
    case 'prepare-commit-msg':
      return `${header(hook, chainBySourcing)}ct_policy
if [ "$CT_COMMENT_AUTO" = 1 ]; then
  # commit-msg reads this: how the message came and the comment character git picked.
  printf '%s\\n' "\${2:-}" > "$CT_GD/changetrail-msg-source" 2>/dev/null || :
  ct_awk autocc "$1" >> "$CT_GD/changetrail-msg-source" 2>/dev/null
  ct_acc=; { IFS= read -r ct_src; IFS= read -r ct_acc; } < "$CT_GD/changetrail-msg-source" || :
  [ -z "$ct_acc" ] || CT_COMMENT_CHAR=$ct_acc
fi
ct_chain "$@" || exit $?
case \${2:-} in merge|squash|commit) exit 0 ;; esac
ct_branch; [ -n "$ct_b" ] || exit 0
ct_first=; ct_second=; ct_lines=0
{ IFS= read -r ct_first && ct_lines=1 && IFS= read -r ct_second && ct_lines=2; } < "$1" || :
case $ct_first in fixup!\\ *|squash!\\ *|amend!\\ *) exit 0 ;; esac
if [ "\${2:-}" = message ] && [ -r "/proc/$PPID/cmdline" ]; then
  # git says "message" for --amend -m too: its command line (NULs dropped by read) tells; the CLI parses it exactly.
  ct_args=; IFS= read -r ct_args < "/proc/$PPID/cmdline" || :
  case $ct_args in *--am*) CT_GIT_PID=$PPID; export CT_GIT_PID; ct_cli hook prepare-commit-msg "$1" "$CT_STRIP" "$ct_b" || :; exit 0 ;; esac
fi
ct_subject_ok && exit 0
ct_linked "$ct_b"
ct_prepare_fast "$1" && exit 0
ct_awk prepare "$1"
[ $? = 3 ] && { ct_cli hook prepare-commit-msg "$1" "$CT_STRIP" "$ct_b" || :; }
exit 0
`;
    case 'pre-push':
      return `${header(hook, chainBySourcing)}# Checks every commit pushed to a protected branch; "git push --no-verify" skips it, CI does not.
ct_policy
ct_in=$(cat)
printf '%s\\n' "$ct_in" | ct_cli hook pre-push "$@" || exit $?
ct_chain "$@"
`;
  }
}
