import { z } from 'zod';

// Strings that reach the database, logs and pages. PostgreSQL cannot store U+0000; a lone surrogate
// is stored as U+FFFD, so `id\ud800` and `id\udc00` would become one item; a terminal escape or a
// newline in a name forges log lines. Refuse each, naming the code point and where it is.
const IDENTIFIER_CONTROL = /[\u0000-\u001F\u007F-\u009F]/; // names and ids: no control character at all
const TEXT_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/; // prose: tab, newline and CR are fine
const LONE_SURROGATE = /\p{Cs}/u; // with the u flag a well-formed pair is one code point: only lone halves match

function characterProblem(value: string, control: RegExp, allowed = ''): string | null {
  const c = control.exec(value);
  if (c) return `contains the control character U+${c[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at offset ${c.index}${allowed}`;
  const lone = LONE_SURROGATE.exec(value);
  if (lone) return `contains an unpaired UTF-16 surrogate at offset ${lone.index}`;
  return null;
}

/** Post text as PostgreSQL can store it, for producers that keep a post rather than refuse it (the bot):
 * NUL, which PostgreSQL refuses, and a lone surrogate, which it would store as U+FFFD anyway, become U+FFFD. */
export const storableText = (value: string) => value.replace(/\u0000|\p{Cs}/gu, '\uFFFD');

/** Why a string cannot be used as a name or id, or null. */
export const identifierProblem = (value: string) => characterProblem(value, IDENTIFIER_CONTROL);

/** Why a string cannot be stored as prose (a post, a note), or null. Zero-width and bidi marks are kept: they are evidence. */
export const textCharacterProblem = (value: string) =>
  characterProblem(value, TEXT_CONTROL, ' (only tab, newline and carriage return are allowed)');

const refinedBy = (problemOf: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const problem = problemOf(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** A string safe to store and show as a name or id. */
export const identifier = (max: number) => z.string().max(max).superRefine(refinedBy(identifierProblem));

/** Non-empty prose (trimmed), as a case note. */
export const prose = (max: number) => z.string().trim().min(1).max(max).superRefine(refinedBy(textCharacterProblem));

/** An http(s) URL only: zod's url() also accepts javascript:, data: and file:, which a reviewer could click. */
export const webUrl = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine(refinedBy(identifierProblem))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }));
