import { z } from 'zod';

// Strings that name things (channel, externalId, url) end up in database keys, logs and pages.
// PostgreSQL cannot store U+0000; a lone surrogate is stored as U+FFFD, so `id\ud800` and `id\udc00`
// would become one item; a terminal escape or newline forges log lines. Refuse each, naming the code.
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be used as an identifier, or null. */
export function identifierProblem(value: string): string | null {
  const control = ANY_CONTROL.exec(value);
  if (control) return `contains the control character U+${codeOf(control[0])} at offset ${control.index}`;
  const lone = LONE_SURROGATE.exec(value);
  if (lone) return `contains an unpaired UTF-16 surrogate at offset ${lone.index}`;
  return null;
}

function codeOf(ch: string): string {
  return ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
}

const refineIdentifier = (value: string, ctx: z.RefinementCtx) => {
  const problem = identifierProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** A string safe to store and show as a name or id. */
export const identifier = (max: number) => z.string().max(max).superRefine(refineIdentifier);

/** An http(s) URL only: zod's url() also accepts javascript:, data: and file:, which a reviewer could click. */
export const webUrl = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine(refineIdentifier)
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }));
