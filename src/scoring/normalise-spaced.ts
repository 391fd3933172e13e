// Pass 3: letters spaced out ("s i g n i n g  b o n u s", "s.i.g.n") are joined when at least
// three single letters follow each other with one separator between them.
import { CodeBuffer } from './normalise-buffer.ts';
import { C_OTHER, classOf, isLetterClass } from './normalise-chars.ts';

const MIN_RUN = 3;

function isSeparator(u: number): boolean {
  return u === 32 || u === 46 || u === 45 || u === 0x2013 || u === 0x2014;
}

function isWordUnit(u: number): boolean {
  return classOf(u) !== C_OTHER;
}

/** True when codes[i] is a letter standing alone (no word char directly before or after it). */
function singleLetter(codes: Uint16Array, i: number, n: number): boolean {
  if (!isLetterClass(classOf(codes[i]))) return false;
  if (i > 0 && isWordUnit(codes[i - 1])) return false;
  return i + 1 >= n || !isWordUnit(codes[i + 1]);
}

/** Number of single letters in the run starting at i (each followed by one separator). */
function runLength(codes: Uint16Array, i: number, n: number): number {
  let count = 1;
  let k = i;
  while (k + 2 < n && isSeparator(codes[k + 1]) && singleLetter(codes, k + 2, n)) {
    count++;
    k += 2;
  }
  return count;
}

export function joinSpacedLetters(src: CodeBuffer, out: CodeBuffer): void {
  const n = src.length;
  const codes = src.codes;
  const origin = src.origin;
  out.reset(n + 16);
  let i = 0;
  while (i < n) {
    if (singleLetter(codes, i, n) && i + 2 < n && isSeparator(codes[i + 1])) {
      const run = runLength(codes, i, n);
      if (run >= MIN_RUN) {
        for (let r = 0; r < run; r++) out.push(codes[i + 2 * r], origin[i + 2 * r]);
        i += 2 * run - 1;
        continue;
      }
    }
    out.push(codes[i], origin[i]);
    i++;
  }
}
