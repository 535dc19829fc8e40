// Git reads configuration from the environment too: `git -c core.commentChar=; commit` (as
// GIT_CONFIG_PARAMETERS), GIT_CONFIG_COUNT/KEY_n/VALUE_n, and GIT_CONFIG_GLOBAL/SYSTEM/NOSYSTEM,
// HOME and XDG_CONFIG_HOME, which choose the files read (~/.gitconfig, $XDG_CONFIG_HOME/git/config).
// The compiled policy holds what git config said when it was compiled, so it records this key and the hooks (lib.sh's ct_env_key, the same rule in sh) recompile when
// the environment they run in says otherwise. Without it a one-off `git -c` was ignored, or, when
// it happened to trigger the compile, was kept for every later commit.

/** Keys of git config that the compiled policy depends on (matched case-insensitively, like git). */
const RELEVANT = /commentchar|cleanup|changetrail/i;

/** The most GIT_CONFIG_COUNT entries read; with more (a hostile count) the key never matches lib.sh's, so the policy is compiled afresh each run. */
export const MAX_ENV_CONFIG_ENTRIES = 64;

/** The part of the environment's git configuration that can change the compiled policy, as one string (lib.sh builds the same). */
export function envConfigKey(env: Readonly<Record<string, string | undefined>>): string {
  const params = env.GIT_CONFIG_PARAMETERS ?? '';
  let key = `${RELEVANT.test(params) ? params : ''}|${env.GIT_CONFIG_GLOBAL ?? ''}|${env.GIT_CONFIG_SYSTEM ?? ''}|${env.GIT_CONFIG_NOSYSTEM ?? ''}|${env.HOME ?? ''}|${env.XDG_CONFIG_HOME ?? ''}|`;
  const count = env.GIT_CONFIG_COUNT ?? '';
  if (!/^[0-9]+$/.test(count)) return key;
  if (count.length > 4 || Number(count) > MAX_ENV_CONFIG_ENTRIES) return `${key}many`;
  for (let i = 0; i < Number(count); i++) {
    const name = env[`GIT_CONFIG_KEY_${i}`] ?? '';
    if (RELEVANT.test(name)) key += `|${name}=${env[`GIT_CONFIG_VALUE_${i}`] ?? ''}`;
  }
  return key;
}

/** lib.sh's twin of envConfigKey: sets CT_ENV_NOW without starting a process. */
export function envConfigKeySh(): string {
  const relevant = ['commentchar', 'cleanup', 'changetrail'].map((w) => `*${[...w].map((c) => `[${c.toUpperCase()}${c}]`).join('')}*`).join('|');
  return `ct_env_key() {
  CT_ENV_NOW=
  case \${GIT_CONFIG_PARAMETERS-} in ${relevant}) CT_ENV_NOW=$GIT_CONFIG_PARAMETERS ;; esac
  CT_ENV_NOW="$CT_ENV_NOW|\${GIT_CONFIG_GLOBAL-}|\${GIT_CONFIG_SYSTEM-}|\${GIT_CONFIG_NOSYSTEM-}|\${HOME-}|\${XDG_CONFIG_HOME-}|"
  case \${GIT_CONFIG_COUNT-} in ''|*[!0-9]*) return 0 ;; esac
  if [ "\${#GIT_CONFIG_COUNT}" -gt 4 ] || [ "$GIT_CONFIG_COUNT" -gt ${MAX_ENV_CONFIG_ENTRIES} ]; then CT_ENV_NOW="\${CT_ENV_NOW}many, never cached"; return 0; fi
  ct_i=0
  while [ "$ct_i" -lt "$GIT_CONFIG_COUNT" ]; do
    eval "ct_k=\\\${GIT_CONFIG_KEY_$ct_i-} ct_v=\\\${GIT_CONFIG_VALUE_$ct_i-}"
    case $ct_k in ${relevant}) CT_ENV_NOW="$CT_ENV_NOW|$ct_k=$ct_v" ;; esac
    ct_i=$((ct_i + 1))
  done
}`;
}
