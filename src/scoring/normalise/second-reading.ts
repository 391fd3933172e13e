import type { Normalized } from './normalise.ts';

// Some posts are read twice (transliterated Russian in Cyrillic, pictures as words): the second
// reading is appended after a separator no pattern crosses, and its spans map to the same original
// characters, so a match in either reading points at what the post wrote.
const SEPARATOR = ' ¶ ';

/** `n` followed by a second reading whose unit i came from original index `origin[i]`. */
export function appendReading(n: Normalized, text: string, origin: ArrayLike<number>): Normalized {
  const all = new Int32Array(n.text.length + SEPARATOR.length + text.length);
  all.set(n.origin);
  const end = n.origin.length ? n.origin[n.origin.length - 1] : 0;
  all.fill(end, n.text.length, n.text.length + SEPARATOR.length);
  all.set(origin, n.text.length + SEPARATOR.length);
  return { text: n.text + SEPARATOR + text, origin: all, sourceLength: n.sourceLength };
}
