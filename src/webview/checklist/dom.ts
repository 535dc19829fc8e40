// Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), dropped as the notes
// and the board drop them: a record title "Fix \u202Egnigats" showed as "Fix staging", and
// a branch name could reverse the counts after it ("Trojan Source").
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text as the view shows it: without bidi controls, so it reads in the order it is stored. Linear. */
export function shownText(text: string): string {
  return text.replace(BIDI, '');
}

/** Creates an element with an optional class and text (shown without bidi controls). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = shownText(text);
  return node;
}

/** Calls `fn` once typing has paused for `ms`; `flush` runs a pending call at once (on blur). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): { call: (...args: A) => void; flush: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending) fn(...pending);
    pending = undefined;
  };
  return {
    call: (...args: A) => {
      pending = args;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, ms);
    },
    flush,
  };
}

/** Sets an input's value unless the person is typing in it. */
export function setValue(input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  if (document.activeElement !== input && input.value !== value) input.value = value;
}
