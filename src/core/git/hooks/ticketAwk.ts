// The awk program behind the hooks' fast path. It mirrors findTickets/ticketFromBranch closely
// enough to ACCEPT quickly; whenever it finds nothing, the hook asks the CLI, whose TypeScript
// parser is authoritative. So this program may only ever err towards "not found".
// POSIX awk only (mawk, gawk, busybox): no interval expressions, no gawk extensions.

/** Contents of `<hooks>/changetrail/ticket.awk`. */
export const TICKET_AWK = String.raw`# ChangeTrail ticket finder (POSIX awk), installed by ChangeTrail.
# -v mode=check    exit 0 when the message names a ticket, 1 otherwise
# -v mode=prepare  when the message names none, add the branch's ticket in format fmt;
#                  exit 3 when the branch names none either (the hook then asks the CLI)
BEGIN {
  np = split(projects, P, " "); for (i = 1; i <= np; i++) allowed[P[i]] = 1
  nl = split(lookalikes, L, " "); for (i = 1; i <= nl; i++) look[L[i]] = 1
  scissors = cc " ------------------------ >8 ------------------------"
  n = 0; cutat = 0; found = 0
}
{
  n++; raw[n] = $0
  line = $0; sub(/\r$/, "", line)
  if (cutat) next
  if (line == scissors) { cutat = n; next }
  if ((strip == 1 && index(line, cc) == 1) || (strip == 2 && (line == cc || index(line, cc " ") == 1))) { comment[n] = 1; next }
  if (!found && has_ticket(line)) found = 1
}
END {
  if (cutat == 0) cutat = n + 1
  if (mode == "check") exit(found ? 0 : 1)
  if (found) exit 0
  t = linked != "" ? linked : branch_ticket(branch)
  if (t == "") exit 3
  rewrite(t)
  exit 0
}
# Any non-ASCII byte next to a key also ends the fast path (MÜNCHEN-2024); the CLI decides those.
function word(c) { return c ~ /[A-Za-z0-9_]/ || c ~ /[^\001-\177]/ }
function jira(s, anycase,   off, rest, tok, key, num, dash, pre, post, ukey) {
  off = 0; rest = s
  while (match(rest, /[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*/)) {
    tok = substr(rest, RSTART, RLENGTH)
    pre = (off + RSTART > 1) ? substr(s, off + RSTART - 1, 1) : ""
    post = substr(s, off + RSTART + RLENGTH, 1)
    dash = index(tok, "-"); key = substr(tok, 1, dash - 1); num = substr(tok, dash + 1)
    ukey = toupper(key)
    if (!word(pre) && !word(post) && length(key) >= 2 && length(key) <= 10 && length(num) <= 9) {
      if (np > 0) { if (ukey in allowed) return ukey "-" num }
      else if ((anycase || key == ukey) && !(ukey in look)) return ukey "-" num
    }
    off += RSTART; rest = substr(s, off + 1)
  }
  return ""
}
function has_ticket(s) {
  if (jira(s, 0) != "") return 1
  if (s ~ /(^|[^A-Za-z0-9_])[Aa][Bb]#[1-9]/) return 1
  if (s ~ /(^|[^A-Za-z0-9_#&\/])#[1-9][0-9]*([^A-Za-z0-9_]|$)/) return 1
  return 0
}
function branch_ticket(b,   t, k, nseg, S, seg, key, num, dash, post) {
  nseg = split(b, S, "/")
  for (k = 1; k <= nseg; k++) {
    seg = S[k]
    if (np == 0 && match(seg, /^[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*/)) {
      t = substr(seg, 1, RLENGTH); post = substr(seg, RLENGTH + 1, 1)
      dash = index(t, "-"); key = toupper(substr(t, 1, dash - 1)); num = substr(t, dash + 1)
      if ((post == "" || post == "-" || post == "_" || post == ".") && length(key) >= 2 && length(key) <= 10 && length(num) <= 9 && !(key in look)) return key "-" num
    }
    t = jira(seg, 0); if (t != "") return t
    if (match(seg, /(^|[^A-Za-z0-9_])[Aa][Bb]#[1-9][0-9]*/)) { t = substr(seg, RSTART, RLENGTH); return "AB#" substr(t, index(t, "#") + 1) }
  }
  return ""
}
function repl(s, from, to,   out, i) {
  out = ""
  while ((i = index(s, from)) > 0) { out = out substr(s, 1, i - 1) to; s = substr(s, i + length(from)) }
  return out s
}
function apply(t, subject) { return repl(repl(fmt, "{ticket}", t), "{message}", subject) }
function rewrite(t,   i, j, at, cr, last, out, s, k, joins) {
  cr = (n > 0 && raw[1] ~ /\r$/) ? "\r" : ""
  if (index(fmt, "{message}") == 0) {
    last = 0
    for (i = 1; i < cutat; i++) if (!comment[i] && raw[i] !~ /^[ \t\r]*$/) last = i
    # Join an existing trailer block (Signed-off-by: ...) instead of starting a paragraph.
    joins = 0
    if (last > 0) {
      for (i = last; i >= 1 && raw[i] !~ /^[ \t\r]*$/; i--) ;
      if (i >= 1) { joins = 1; for (j = i + 1; j <= last; j++) if (raw[j] !~ /^[A-Za-z0-9][A-Za-z0-9-]*: [^ \t\r]/) joins = 0 }
    }
    k = 0
    for (i = 1; i <= last; i++) out[++k] = raw[i]
    if (last > 0 && !joins) out[++k] = cr
    out[++k] = repl(fmt, "{ticket}", t) cr
    i = last + 1
    while (i <= n && i < cutat && !comment[i] && raw[i] ~ /^[ \t\r]*$/) i++
    if (i <= n) out[++k] = cr
    for (; i <= n; i++) out[++k] = raw[i]
  } else {
    at = 0
    for (i = 1; i < cutat; i++) if (!comment[i] && raw[i] !~ /^[ \t\r]*$/) { at = i; break }
    k = 0
    if (at == 0) {
      s = apply(t, ""); sub(/[ \t]+$/, "", s); out[++k] = s " " cr
      for (i = (n > 0 && raw[1] ~ /^\r?$/) ? 2 : 1; i <= n; i++) out[++k] = raw[i]
    } else {
      for (i = 1; i <= n; i++) {
        if (i == at) { s = raw[i]; sub(/\r$/, "", s); out[++k] = apply(t, s) cr } else out[++k] = raw[i]
      }
    }
  }
  printf "" > msgfile
  for (i = 1; i <= k; i++) print out[i] > msgfile
  close(msgfile)
}
`;
