// The awk program behind the hooks' fast path. It mirrors findTickets/ticketFromBranch closely
// enough to ACCEPT quickly; whenever it finds nothing, the hook asks the CLI, whose TypeScript
// parser is authoritative. So this program may only ever err towards "not found".
// POSIX awk only (mawk, gawk, busybox, BSD): no interval expressions, no gawk extensions.
//
// Linear time on any input: a line is split ONCE into word tokens (runs of [A-Za-z0-9_] and
// non-ASCII bytes) and the tokens are judged by their neighbours; no regular expression is
// retried at every offset and no substring of the rest of a line is copied in a loop.
// Text values come through ENVIRON, which (unlike -v) does not interpret backslashes.
// The hooks run it with LC_ALL=C so lengths and offsets are bytes.

/** Contents of `<hooks>/changetrail/ticket.awk`. */
export const TICKET_AWK = String.raw`# ChangeTrail ticket finder (POSIX awk), installed by ChangeTrail.
# -v mode=check    exit 0 when the message names a ticket, 1 otherwise, 2 when it holds nothing but
#                  a ticket in the format (what prepare adds to an empty message: the CLI decides)
# -v mode=prepare  when the message names none, add the branch's ticket in format CT_AWK_FMT
#                  to the file CT_AWK_MSG;
#                  exit 3 when the branch names none either (the hook then asks the CLI)
# -v mode=autocc   print the comment character git picks for core.commentChar=auto
# Comment-shaped lines (starting with any of CT_AWK_CCS) never count in check mode: git may strip
# them (--cleanup on the command line is invisible to a hook), so the CLI decides those.
# -v numbered="github azure": which trackers' issue numbers (#n, AB#n) count when projects are listed.
BEGIN {
  gh = index(" " numbered " ", " github ") > 0; az = index(" " numbered " ", " azure ") > 0
  np = split(projects, P, " "); for (i = 1; i <= np; i++) allowed[P[i]] = 1
  nl = split(lookalikes, L, " "); for (i = 1; i <= nl; i++) look[L[i]] = 1
  cc = ENVIRON["CT_AWK_CC"]; if (cc == "") cc = "#"
  nc = split(ENVIRON["CT_AWK_CCS"], C, " "); if (nc == 0) { nc = 1; C[1] = cc }
  fmt = ENVIRON["CT_AWK_FMT"]; branch = ENVIRON["CT_AWK_BRANCH"]; linked = ENVIRON["CT_AWK_LINKED"]
  msgfile = ENVIRON["CT_AWK_MSG"]; cache = ENVIRON["CT_AWK_CACHE"]
  cut = " ------------------------ >8 ------------------------"
  SEP = "[^A-Za-z0-9_\200-\377]"
  n = 0; cutat = 0; found = 0
}
mode == "autocc" { n++; raw[n] = $0; next }
{
  line = $0; sub(/\r$/, "", line)
  if (mode == "prepare") { n++; raw[n] = $0 } else n++
  if (cutat) next
  if (line == cc cut) { cutat = n; next }
  if ((strip == 1 && starts(line, cc)) || (strip == 2 && (line == cc || starts(line, cc " ")))) comment[n] = 1
  for (k = 1; k <= nc; k++) if (starts(line, C[k])) next
  if (mode == "check") {
    t = scan(line, 0)
    # A line that is only the ticket in the format is no message: an empty one must still abort the commit.
    # (exit still runs END, which reads found and body.)
    if (t != "") { found = 1; if (!bare(line, t)) { body = 1; exit 0 } } else if (line !~ /^[ \t]*$/) body = 1
    next
  }
  if (!found && scan(line, 0) != "") found = 1
}
END {
  if (mode == "autocc") { print autocc(); exit 0 }
  if (cutat == 0) cutat = n + 1
  if (mode == "check") exit(found ? (body ? 0 : 2) : 1)
  if (found) exit 0
  t = linked
  if (t == "") {
    t = branch_ticket(branch)
    if (t == "") exit 3
    # Remembered so the next commit on this branch settles in sh (compile-policy clears it).
    if (cache != "") { printf "%s\t%s\n", t, branch > cache; close(cache) }
  }
  rewrite(t)
  exit 0
}
function starts(s, p) { return p != "" && substr(s, 1, length(p)) == p }
function words(s) { gsub(SEP, "", s); return toupper(s) }
# Whether line s holds nothing but ticket t in the format, applied to an empty message.
function bare(s, t) { return words(s) == words(apply(t, "")) }
# The first ticket in s (the branch's linked one, Jira key, AB#n, #n; with nogh no #n), or "". One split, one pass.
function scan(s, nogh,   nt, T, i, p, sep, key, num, ukey, prev) {
  nt = split(s, T, SEP); p = 1
  for (i = 1; i < nt; i++) {
    sep = substr(s, p + length(T[i]), 1); num = T[i + 1]; key = T[i]
    if ((sep == "-" || sep == "#") && length(num) <= 9 && num ~ /^[1-9][0-9]*$/) {
      # A ticket linked to the branch always counts (README), whatever the projects.
      if (linked != "" && toupper(key sep num) == toupper(linked) && (key != "" || (p > 1 ? substr(s, p - 1, 1) : "") !~ /[#&\/]/)) return linked
      if (sep == "-") {
        if (length(key) >= 2 && length(key) <= 10 && key ~ /^[A-Za-z][A-Za-z0-9_]*$/) {
          ukey = toupper(key)
          if (np > 0) { if (ukey in allowed) return ukey "-" num }
          else if (key == ukey && !(ukey in look)) return ukey "-" num
        }
      } else if (toupper(key) == "AB") { if (np == 0 || az) return "AB#" num }
      else if (!nogh && key == "" && (np == 0 || gh)) {
        prev = p > 1 ? substr(s, p - 1, 1) : ""
        if (prev != "#" && prev != "&" && prev != "/") return "#" num
      }
    }
    p += length(T[i]) + 1
  }
  return ""
}
function branch_ticket(b,   t, k, nseg, S, seg, key, num, dash, post) {
  nseg = split(b, S, "/")
  for (k = 1; k <= nseg; k++) {
    seg = S[k]
    if (np == 0 && match(seg, /^[A-Z][A-Z0-9_]*-[1-9][0-9]*/)) {
      t = substr(seg, 1, RLENGTH); post = substr(seg, RLENGTH + 1, 1)
      dash = index(t, "-"); key = toupper(substr(t, 1, dash - 1)); num = substr(t, dash + 1)
      if ((post == "" || post == "-" || post == "_" || post == ".") && length(key) >= 2 && length(key) <= 10 && length(num) <= 9 && !(key in look)) return key "-" num
    }
    t = scan(seg, 1); if (t != "") return t
  }
  return ""
}
# git's adjust_comment_line_char over the message git wrote before its own comment block.
function autocc(   i, k, x, end, cand, first) {
  cand = "#;@!$%^&|:"
  end = n
  for (i = 1; i <= n; i++) { for (k = 1; k <= 10; k++) if (raw[i] == substr(cand, k, 1) cut) { end = i - 1; break } if (end < n) break }
  # git appends "\n" and then comment lines that all start with its pick: find that block.
  x = ""
  for (i = end; i >= 1 && raw[i] != ""; i--) {
    first = substr(raw[i], 1, 1)
    if (x == "") x = first
    else if (first != x) { x = ""; break }
  }
  if (x != "" && i >= 1 && index(cand, x) > 0 && pick(i - 1) == x) return x
  return pick(n)
}
function pick(upto,   i, k, c, used, hasHash, nr, R) {
  hasHash = 0
  for (i = 1; i <= upto; i++) {
    if (index(raw[i], "#") > 0) hasHash = 1
    nr = split(raw[i], R, "\r"); used[substr(raw[i], 1, 1)] = 1
    for (k = 2; k <= nr; k++) used[substr(R[k], 1, 1)] = 1
  }
  if (!hasHash) return "#"
  for (k = 1; k <= 10; k++) { c = substr("#;@!$%^&|:", k, 1); if (!(c in used)) return c }
  return "#"
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
      # No editor (-m "", an empty -F): nobody can write after the ticket, so git's own "empty message" abort stands.
      if (ENVIRON["GIT_EDITOR"] == ":") return
      s = apply(t, ""); sub(/[ \t]+$/, "", s); out[++k] = s " " cr
      for (i = (n > 0 && raw[1] ~ /^\r?$/) ? 2 : 1; i <= n; i++) out[++k] = raw[i]
    } else {
      for (i = 1; i <= n; i++) {
        if (i == at) { s = raw[i]; sub(/\r$/, "", s); out[++k] = apply(t, s) cr } else out[++k] = raw[i]
      }
    }
  }
  if (msgfile == "") msgfile = FILENAME
  printf "" > msgfile
  for (i = 1; i <= k; i++) print out[i] > msgfile
  close(msgfile)
}
`;
