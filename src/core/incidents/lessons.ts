import uFuzzy from '@leeoniya/ufuzzy';
import type { IncidentRecord } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';

/** The longest term the typo-tolerant pass looks at (longer than any word people mistype). */
const TYPO_TERM_MAX = 32;

/** An incident that matched, with the text it matched on. */
export interface LessonHit {
  readonly incident: IncidentRecord;
  /** What was searched: title, systems, cause and lessons on one line. */
  readonly text: string;
}

/** The searchable line of an incident: title, systems, cause summary, lessons and follow-ups. */
export function lessonText(i: IncidentRecord): string {
  return [i.title, i.systems.join(' '), i.cause?.summary ?? '', i.lessons ?? '', (i.followUps ?? []).join(' '), i.notes ?? ''].map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' · ');
}

/**
 * Incidents whose cause or lessons match `words`, best first, with the fuzzy search the ticket
 * picker uses (uFuzzy: words in any order, letters left out allowed; a second, typo-tolerant pass
 * when the first finds little). Resolved incidents come before open ones at equal rank. An empty
 * query lists the newest incidents that have lessons.
 */
export async function searchLessons(index: ChangeLogIndex, words: string, limit = 20): Promise<LessonHit[]> {
  const incidents = (await index.incidents()).filter((i) => i.status === 'resolved' || i.lessons || i.cause);
  const texts = incidents.map(lessonText);
  const q = words.trim();
  if (q === '') return incidents.filter((i) => i.lessons).slice(0, limit).map((incident) => ({ incident, text: lessonText(incident) }));
  const found: number[] = [];
  // The typo-tolerant pass costs the text's length times each term's length (a 300-letter "word"
  // over 2,000 incidents took 30 s); a term longer than any word is a paste, not a typo, so it is
  // searched as typed only.
  const typos = q.split(/\s+/).every((term) => term.length <= TYPO_TERM_MAX);
  const passes = [new uFuzzy({ intraMode: 0 }), ...(typos ? [new uFuzzy({ intraMode: 1, intraIns: 1, intraSub: 1, intraTrn: 1, intraDel: 1 })] : [])];
  for (const matcher of passes) {
    if (found.length >= Math.min(limit, 5)) break;
    // outOfOrder: "timeout billing" finds "billing ... timeout".
    const [idxs, info, order] = matcher.search(texts, q, 1, 1e3);
    const ranked = order && info ? order.map((o) => info.idx[o]) : (idxs ?? []);
    for (const i of ranked) if (!found.includes(i) && found.length < limit) found.push(i);
  }
  return found.map((i) => ({ incident: incidents[i], text: texts[i] }));
}
