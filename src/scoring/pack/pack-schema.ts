import { z } from 'zod';
import { STEM_LANGS } from './stem.ts';

// The shape of the YAML pack. model.yaml holds categories, schemes and the score curve;
// every other file holds patterns (one category or theme per file).

const CATEGORY_ID = /^[A-Z][A-Z0-9-]*$/;

export const CategorySchema = z
  .object({
    label: z.string().min(1), // words used in explanations ("military role")
    kind: z.enum(['signal', 'contact', 'cta', 'frame']),
    alone: z.number().min(0).max(10),
    combined: z.number().min(0).max(10),
    /** a frame's words in "Reads as a news report, so the score was lowered" */
    phrase: z.string().min(1).optional(),
  })
  .refine((c) => (c.kind === 'frame') === (c.phrase !== undefined), {
    message: 'a frame category needs a phrase (the explanation says "Reads as <phrase>"), and only a frame has one',
    path: ['phrase'],
  });

// a role left out is named by its path (roles.salaryLure); say what it wants
const categoryRef = z
  .string({ error: (i) => (i.input === undefined ? 'missing: the engine needs this role; name a category id' : undefined) })
  .regex(CATEGORY_ID);

/**
 * The categories the engine's code relies on, by role; roles.ts checks at load that each names a
 * category of the kind the role needs. Code reads `model.roles.X`, never a category id.
 */
export const RolesSchema = z
  .object({
    messengerContact: categoryRef, // contact: held whenever the text gives a phone, WhatsApp or Telegram contact
    salaryLure: categoryRef, // signal: a monthly wage far above ordinary pay (money-lure.ts)
    bonusLure: categoryRef, // signal: a large one-off payment (money-lure.ts)
    ownCitizensFrame: categoryRef, // frame: a contact and a sign-up do not undo it (framing.ts)
    militaryRole: categoryRef, // signal: the lure check calls the work "military service"
    noncombatJob: categoryRef, // signal: … "a civilian-sounding job"
    workStudy: categoryRef, // signal: … "a work-and-study place"
  })
  .strict();

export const SchemeSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  all: z.array(z.string().regex(CATEGORY_ID)).min(1),
  any: z.array(z.string().regex(CATEGORY_ID)).default([]),
  /** one of these must also hold (a second "any" group) */
  also: z.array(z.string().regex(CATEGORY_ID)).default([]),
  /** an advert is itself the invitation: no contact or call to action is needed to reach the threshold */
  promo: z.boolean().default(false),
});

export const ModelSchema = z.object({
  model: z.object({
    scale: z.number().positive(), // points → score: 100·(1 − e^(−points/scale))
    // a text with no recognised scheme stays this far below the threshold the scorer is made with,
    // whatever it is; at least 1, so that the rounded score stays below the threshold
    noSchemeMarginBelowThreshold: z.number().min(1).max(100),
    noContactFactor: z.number().min(0).max(1), // no contact and no call to action
    frameFloorWithSignup: z.number().min(0).max(1), // a framed text that still gives a contact + sign-up
  }),
  categories: z.record(z.string().regex(CATEGORY_ID), CategorySchema),
  roles: RolesSchema,
  schemes: z.array(SchemeSchema).min(1),
});

export const PatternSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes'),
    category: z.string().regex(CATEGORY_ID),
    weight: z.number().gt(0).max(1).default(1),
    lang: z.union([z.string(), z.array(z.string()).min(1)]).transform((l) => (Array.isArray(l) ? l : [l])),
    // one string, or a list of alternatives one per line, compiled as (?:a|b|…): a long alternation stays readable
    regex: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((r) => (Array.isArray(r) ? `(?:${r.join('|')})` : r)).optional(),
    terms: z.array(z.string().min(1)).min(1).optional(),
    wholeWord: z.boolean().default(false),
    /** terms only: each word matches its Snowball stem and any ending (stem.ts), in the pattern's one `lang` */
    stem: z.boolean().optional(),
    examples: z.object({
      match: z.array(z.string().min(1)).min(1),
      nomatch: z.array(z.string().min(1)).min(1),
    }),
  })
  .strict()
  .refine((p) => (p.regex === undefined) !== (p.terms === undefined), 'give exactly one of regex or terms')
  .refine((p) => !p.stem || p.terms !== undefined, 'stem: true works on terms, not on a regex')
  .refine((p) => !p.stem || (p.lang.length === 1 && STEM_LANGS.includes(p.lang[0])), `stem: true needs exactly one lang with a stemmer: ${STEM_LANGS.join(', ')}`);

export const PatternFileSchema = z.object({
  category: z.string().regex(CATEGORY_ID).optional(), // default for the file's patterns
  patterns: z.array(z.unknown()).min(1),
});

export type Category = z.infer<typeof CategorySchema>;
export type Scheme = z.infer<typeof SchemeSchema>;
export type Model = z.infer<typeof ModelSchema>;
export type Roles = z.infer<typeof RolesSchema>;
export type RoleName = keyof Roles;
export type PatternDef = z.infer<typeof PatternSchema>;
