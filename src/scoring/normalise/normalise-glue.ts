// Words glued by a punctuation mark on purpose, read before the word pass: a post that joins its
// words with one mark far more often than it spaces them ("join.the.army.now", "work_in_russia")
// does it everywhere, so there the mark reads as a space. Only marks between pieces of two or more
// word characters count, so "j.o.i.n" (spaced letters), "1.5" and "e-mail" do not, and a link's
// marks are its own. (Hyphens inside words, "sig-ning", are read by the scorer: pack/unmask.ts.)
// The same holds for a mark set between spaced words ("join / the / army", "work • in • russia"):
// where one separates most of a post's words, it reads as the space it stands for.
import { C_DIGIT, C_OTHER, classOf } from './normalise-chars.ts';

const GLUE_MARKS = [46, 95, 45, 47, 43, 124]; // . _ - / + |
// for each ASCII code, 1 + its index in GLUE_MARKS (0: not a glue mark)
const GLUE_INDEX = new Uint8Array(128);
GLUE_MARKS.forEach((u, g) => (GLUE_INDEX[u] = g + 1));
const MIN_MARKS = 3;
const GLUE_SHARE = 2; // twice as many marks between words as spaces

const counts = new Int32Array(GLUE_MARKS.length);

const isWord = (u: number) => classOf(u) !== C_OTHER;

/** Whether the mark at j has two or more word characters on each side (within a stretch ending at n). */
function betweenPieces(codes: Uint16Array, j: number, n: number): boolean {
  return j >= 2 && j + 2 < n && isWord(codes[j - 1]) && isWord(codes[j - 2]) && isWord(codes[j + 1]) && isWord(codes[j + 2]);
}

const isAsciiLetter = (u: number) => u >= 97 && u <= 122; // the text is lower-cased by now
const endsLink = (u: number) => u === 32 || u === 41 || u === 93 || u === 62 || u === 34; // space ) ] > "

/**
 * Calls visit(a, b) for each stretch of codes[0, n) between links ("https://…", "www.…" up to a
 * space or a closing bracket): a link's dots, slashes and hyphens are its own, not the post's.
 */
function outsideLinks(codes: Uint16Array, n: number, visit: (a: number, b: number) => void): void {
  let a = 0;
  for (let j = 0; j + 3 < n; j++) {
    const scheme = codes[j] === 58 && codes[j + 1] === 47 && codes[j + 2] === 47; // ://
    const www = codes[j] === 119 && codes[j + 1] === 119 && codes[j + 2] === 119 && codes[j + 3] === 46 && (j === 0 || !isWord(codes[j - 1]));
    if (!scheme && !www) continue;
    let start = j;
    if (scheme) while (start > a && isAsciiLetter(codes[start - 1])) start--;
    if (start > a) visit(a, start);
    let end = j + 3;
    while (end < n && !endsLink(codes[end])) end++;
    a = end;
    j = end;
  }
  if (n > a) visit(a, n);
}

function countMarks(codes: Uint16Array, a: number, b: number): void {
  for (let j = a; j < b; j++) {
    const u = codes[j];
    const g = u < 128 ? GLUE_INDEX[u] : 0;
    if (g > 0 && betweenPieces(codes, j, b)) counts[g - 1]++;
  }
}

function glueToSpace(codes: Uint16Array, a: number, b: number, n: number, mark: number): void {
  // up to the stretch's last unit: the mark before a link ("now.https://…") glues too
  for (let j = a + 1; j < b && j + 1 < n; j++) {
    if (codes[j] !== mark || !isWord(codes[j - 1]) || !isWord(codes[j + 1])) continue;
    if (classOf(codes[j - 1]) === C_DIGIT && classOf(codes[j + 1]) === C_DIGIT) continue; // 1.5, 10/12
    codes[j] = 32;
  }
}

// Marks that may stand between spaced words: the glue marks, bullets, dots and dashes.
const SEPARATORS = new Set([...GLUE_MARKS, 0x2022, 0xb7, 0x25aa, 0x25cf, 0x25c6, 0x2666, 0x7e, 0x2a, 0x2013, 0x2014, 0x2219, 0x22c5]);
const SEPARATOR_SHARE = 0.6; // of the gaps between words
const isBlank = (u: number) => u === 32 || u === 10;

/** Reads as a space the one mark set between most of the post's spaced words (see above); says whether it did. */
function unseparate(codes: Uint16Array, n: number): boolean {
  const spaced = new Map<number, number>();
  let runs = 0;
  let marks = 0;
  for (let j = 0; j < n; j++) {
    if (isBlank(codes[j]) && (j === 0 || !isBlank(codes[j - 1]))) runs++;
    else if (j > 0 && j + 1 < n && isBlank(codes[j - 1]) && isBlank(codes[j + 1]) && SEPARATORS.has(codes[j])) {
      spaced.set(codes[j], (spaced.get(codes[j]) ?? 0) + 1);
      marks++;
    }
  }
  if (spaced.size === 0) return false;
  const [mark, count] = [...spaced].reduce((a, b) => (b[1] > a[1] ? b : a));
  // a spaced mark splits one gap between words into two runs of spaces
  if (count < MIN_MARKS || count < SEPARATOR_SHARE * (runs - marks)) return false;
  for (let j = 1; j + 1 < n; j++) if (codes[j] === mark && isBlank(codes[j - 1]) && isBlank(codes[j + 1])) codes[j] = 32;
  return true;
}

/** Rewrites, in place, the marks that glue or separate the words of a post (see above); links are left alone. */
export function unglue(codes: Uint16Array, n: number): void {
  // first a cheap bound: ordinary text has far more spaces than all these marks together, and few
  // marks standing between spaces
  let spaces = 0;
  let marks = 0;
  let spacedMarks = 0;
  for (let j = 0; j < n; j++) {
    const u = codes[j];
    if (u === 32) {
      spaces++;
      continue;
    }
    if (u < 128 && GLUE_INDEX[u] > 0) marks++;
    if (j > 0 && j + 1 < n && isBlank(codes[j - 1]) && isBlank(codes[j + 1]) && SEPARATORS.has(u)) spacedMarks++;
  }
  // a post whose words a spaced mark separates is not also glued by one
  if (spacedMarks >= MIN_MARKS && unseparate(codes, n)) return;
  if (marks < MIN_MARKS || marks < GLUE_SHARE * spaces) return;
  counts.fill(0);
  outsideLinks(codes, n, (a, b) => countMarks(codes, a, b));
  let best = 0;
  for (let g = 1; g < counts.length; g++) if (counts[g] > counts[best]) best = g;
  if (counts[best] < MIN_MARKS) return;
  if (counts[best] >= GLUE_SHARE * spaces) outsideLinks(codes, n, (a, b) => glueToSpace(codes, a, b, n, GLUE_MARKS[best]));
}
