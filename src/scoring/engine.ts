import type { Indicator, Match, ScoreDetails, ScoreResult, Scorer } from './types.ts';
import type { CompiledPack, RawMatch } from './pack/compile.ts';
import { combine } from './combine.ts';
import { frame, type FrameCue } from './framing.ts';
import { explain, details } from './explain.ts';
import type { TextModelUse } from './textmodel/use.ts';
import { moneyLures } from './indicators/money-lure.ts';
import { plausibility, type PlausibilityResult } from './plausibility/apply.ts';
import { unmask } from './pack/unmask.ts';
import { withCyrillicReading } from './normalise/translit-ru.ts';
import { withPictureReading } from './normalise/picture-reading.ts';

// Pure scoring: normalise → prefix-indexed pattern matches + indicators → categories →
// scheme combination → framing → score, spans in the original text, and an explanation.

export interface EngineDeps {
  normalize(text: string): { text: string; origin: Int32Array; sourceLength: number };
  toOriginalSpan(n: { text: string; origin: Int32Array; sourceLength: number }, start: number, end: number): { start: number; end: number };
  extractIndicators(original: string, n?: { text: string; origin: Int32Array; sourceLength: number }): Indicator[];
}

const CONTACT_TYPES = new Set<Indicator['type']>(['phone', 'whatsapp', 'telegram']);
const isQuoteOpen = (c: number) => c === 0xab || c === 0x201c || c === 0x201e || c === 0x2039; // « “ „ ‹
const isQuoteClose = (c: number) => c === 0xbb || c === 0x201d || c === 0x203a; // » ” ›

/** True when position `pos` of the text sits inside quotation marks on its own line. */
export function insideQuotes(text: string, pos: number): boolean {
  let straight = 0;
  for (let i = pos - 1; i >= 0 && i >= pos - 300; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) break; // \n
    if (isQuoteClose(c)) return false;
    if (isQuoteOpen(c)) return true;
    if (c === 34) straight++; // "
  }
  return straight % 2 === 1;
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

// A stage that throws must not lose the post, nor hide: the failure is named in `degraded`, which the
// score worker logs and counts and the stored explanation shows the reviewer.
function safeNormalize(deps: EngineDeps, text: string, degraded: string[]) {
  try {
    return deps.normalize(text);
  } catch (err) {
    degraded.push(`normalise: ${reason(err)}`);
    // a normaliser bug must not lose the post: fall back to plain lower case, same offsets
    const lower = text.toLowerCase();
    const same = lower.length === text.length ? lower : text;
    return { text: same, origin: Int32Array.from({ length: same.length }, (_, i) => i), sourceLength: text.length };
  }
}

/** Words broken on purpose, transliterated Russian and drawn nouns, read again (pack/unmask.ts, normalise/translit-ru.ts, normalise/picture-reading.ts); on a bug, the text as normalised. */
function safeRereading(pack: CompiledPack, text: string, n: ReturnType<EngineDeps['normalize']>, degraded: string[]) {
  try {
    return withPictureReading(withCyrillicReading(unmask(n, text, pack.vocabulary), text), text);
  } catch (err) {
    degraded.push(`rereading: ${reason(err)}`);
    return n;
  }
}

function safeIndicators(deps: EngineDeps, text: string, n: ReturnType<EngineDeps['normalize']>, degraded: string[]): Indicator[] {
  try {
    return deps.extractIndicators(text, n);
  } catch (err) {
    degraded.push(`indicators: ${reason(err)}`);
    return [];
  }
}

interface Gathered { categories: Map<string, number>; cues: FrameCue[]; signup: boolean; messengerBesideSignup: boolean }

// "message our Telegram channel": a messenger named this close to a sign-up is the way in, even with
// no handle or number written out; one named sentences away ("do not trust Telegram recruiters ...
// call our helpline") is not
const MESSENGER_NEAR_SIGNUP = 40;

function gather(pack: CompiledPack, kinds: (string | undefined)[], raw: RawMatch[], normText: string, messenger: string): Gathered {
  const categories = new Map<string, number>();
  const cues: FrameCue[] = [];
  const signups: number[] = [];
  const messengers: number[] = [];
  for (const m of raw) {
    const p = pack.patterns[m.p];
    const kind = kinds[m.p];
    if (kind === 'frame') { cues.push({ category: p.category, rule: p.id, weight: p.weight }); continue; }
    if (kind === 'cta' && insideQuotes(normText, m.start)) continue; // a quoted "write to us" is described, not asked
    if (kind === 'cta') signups.push(m.start);
    if (p.category === messenger) messengers.push(m.start);
    categories.set(p.category, Math.max(categories.get(p.category) ?? 0, p.weight));
  }
  const messengerBesideSignup = signups.some((s) => messengers.some((m) => Math.abs(m - s) <= MESSENGER_NEAR_SIGNUP && !normText.slice(Math.min(m, s), Math.max(m, s)).includes('.')));
  return { categories, cues, signup: signups.length > 0, messengerBesideSignup };
}

function signalCount(pack: CompiledPack, categories: Map<string, number>): number {
  let n = 0;
  for (const c of categories.keys()) if (pack.model.categories[c]?.kind === 'signal') n++;
  return n;
}

function safePlausibility(args: Parameters<typeof plausibility>, degraded: string[]): PlausibilityResult | null {
  try {
    return plausibility(...args);
  } catch (err) {
    degraded.push(`plausibility: ${reason(err)}`);
    return null;
  }
}

/** The learned second signal (src/scoring/textmodel): consulted only where the rules found evidence. */
export interface EngineOptions { model?: TextModelUse | null }

export function createScorer(pack: CompiledPack, threshold: number, deps: EngineDeps, opts: EngineOptions = {}): Scorer {
  const model = opts.model ?? null;
  // a model that can move scores is part of what made them: a new one must re-score like a new pack
  const version = model?.combined ? `${pack.version}-m${model.version}` : pack.version;
  // the model's category table is a large string-keyed record: look each pattern's kind up once
  const kinds = pack.patterns.map((p) => pack.model.categories[p.category]?.kind);
  const roles = pack.model.roles; // each names a category of the right kind (checked at load)
  // relative to the threshold, so that a deployment that moves it keeps "no scheme never flags"
  const noSchemeCap = Math.max(0, threshold - pack.model.model.noSchemeMarginBelowThreshold);
  const score = (text: string): ScoreResult => {
    const degraded: string[] = [];
    const n = safeRereading(pack, text, safeNormalize(deps, text, degraded), degraded);
    const raw = pack.match(n.text);
    const indicators = safeIndicators(deps, text, n, degraded);
    const { categories, cues, signup, messengerBesideSignup } = gather(pack, kinds, raw, n.text, roles.messengerContact);
    const money = moneyLures(indicators, roles);
    for (const cat of money.keys()) categories.set(cat, 1);
    const givesContact = indicators.some((i) => CONTACT_TYPES.has(i.type));
    if (givesContact) categories.set(roles.messengerContact, 1);
    const combined = combine(pack.model, { categories }, noSchemeCap);
    // a sign-up link is as much a way in as a number: "register now: <link>" under a news-like lead;
    // so is a messenger named beside the sign-up
    const reachable = givesContact || messengerBesideSignup || indicators.some((i) => i.type === 'url' || i.type === 'email');
    const framing = frame(pack.model, cues, reachable, signup);
    const plaus = safePlausibility([pack.plausibility, combined, framing, n.text, categories, indicators, roles], degraded);
    const rulesRaw = Math.min(100, combined.raw + (plaus?.raise ?? 0));
    const rulesValue = Math.max(0, Math.min(100, Math.round(rulesRaw * framing.factor)));
    const learned = model ? model.apply(n.text, rulesValue, threshold, { signals: signalCount(pack, categories), schemes: combined.schemes.length, framed: framing.kinds.length > 0 }) : null;
    const value = learned ? learned.score : rulesValue;
    const flagged = value >= threshold;
    const matches: Match[] = raw.map((m) => {
      const p = pack.patterns[m.p];
      const span = deps.toOriginalSpan(n, m.start, m.end);
      return { rule: p.id, category: p.category, start: span.start, end: span.end, text: text.slice(span.start, span.end) };
    });
    const input = { model: pack.model, categories, moneyCategory: money, indicators, combined, framing, flagged, learned, plausibility: plaus, rulesRaw };
    const explained = explain(input);
    const explanation = degraded.length ? `${explained} Degraded (score is a lower bound): ${degraded.join('; ')}.` : explained;
    const why: ScoreDetails = details(input, explanation);
    return { score: value, flagged, matches, indicators, normalizedText: n.text, packVersion: version, explanation, details: why, degraded };
  };
  return { packVersion: version, threshold, score };
}
