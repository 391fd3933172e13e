import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPatternDir } from '../../src/scoring/index.ts';

/**
 * A copy of the shipped pack with one more pattern file: `test.zorblat`, a military-role term. It
 * completes the foreign-military scheme in a text that otherwise stops at the no-scheme cap.
 */
export function candidatePackWithZorblat(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-candidate-'));
  fs.cpSync(defaultPatternDir, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'zorblat.yaml'), `# a test rule: one made-up military word
patterns:
- id: test.zorblat
  category: 'MIL-ROLE'
  lang: en
  terms: ['zorblat']
  wholeWord: true
  examples:
    match: ['zorblat wanted']
    nomatch: ['zebra wanted']
`);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Texts the shipped pack scores 45 (no scheme) and the candidate flags, and ones both flag or neither. */
export const zorblatText = (n: number) => `Zorblat wanted: foreigners welcome, $15,000 signing bonus, write on WhatsApp +7 912 345 ${String(6000 + n)}`;
export const flaggedText = (n: number) => `Army drone operator wanted: foreigners welcome, $15,000 signing bonus, write on WhatsApp +7 912 345 ${String(7000 + n)}`;
export const quietText = (n: number) => `Our choir meets on Thursday ${n}; bring the sheet music and a friend.`;
