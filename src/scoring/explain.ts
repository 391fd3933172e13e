import type { Indicator } from './types.ts';
import type { Model } from './pack/pack-schema.ts';
import type { Combined } from './combine.ts';
import type { Framing } from './framing.ts';
import type { ScoreDetails } from './types.ts';
import type { ModelView } from './textmodel/use.ts';
import type { PlausibilityResult } from './plausibility/apply.ts';

// One or two plain sentences a reviewer can read at a glance:
// "Military role + foreign targeting + $20,000 bonus + WhatsApp contact."

const CONTACT_WORDS: Partial<Record<Indicator['type'], string>> = {
  whatsapp: 'WhatsApp contact',
  telegram: 'Telegram contact',
  phone: 'phone contact',
};

function money(ind: Indicator): string {
  const amount = Number(ind.detail?.amount);
  const cur = String(ind.detail?.currency ?? '');
  const n = Number.isFinite(amount) ? amount.toLocaleString('en-US') : ind.value;
  return cur === 'USD' ? `$${n}` : `${n} ${cur}`.trim();
}

export interface ExplainInput {
  model: Model;
  categories: Map<string, number>;
  moneyCategory: Map<string, Indicator>; // salary or bonus lure derived from an amount → that amount
  indicators: Indicator[];
  combined: Combined;
  framing: Framing;
  flagged: boolean;
  learned: ModelView | null;
  plausibility: PlausibilityResult | null;
  /** the rules' score before framing, with the plausibility raise */
  rulesRaw: number;
}

function signalPhrases(x: ExplainInput): string[] {
  const { model } = x;
  const cats = [...x.categories.keys()].filter((c) => {
    const k = model.categories[c]?.kind;
    return k === 'signal' || k === 'cta';
  });
  cats.sort((a, b) => model.categories[b].combined - model.categories[a].combined);
  const parts = cats.map((c) => {
    const amount = x.moneyCategory.get(c);
    const label = model.categories[c].label;
    return amount ? `${money(amount)} ${label.replace(/^.*\b(bonus|salary|pay)\b.*$/i, '$1')}` : label;
  });
  const contacts = new Set(x.indicators.map((i) => CONTACT_WORDS[i.type]).filter(Boolean) as string[]);
  if (contacts.has('WhatsApp contact') || contacts.has('Telegram contact')) contacts.delete('phone contact');
  const messenger = model.roles.messengerContact;
  if (!contacts.size && x.categories.has(messenger)) contacts.add(model.categories[messenger].label);
  return [...parts, ...contacts];
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function modelSentence(m: ModelView | null): string {
  if (!m || m.effect === 'none' || m.probability === null) return '';
  const p = m.probability.toFixed(2);
  return m.effect === 'raised'
    ? ` The text model reads it as a recruiter's text (p ${p}), so the score was raised.`
    : ` The text model reads it as a report, not a recruiter's text (p ${p}), so the score was lowered.`;
}

// "Lure check (+6): offered $2,500/month for a job in Russia: ~2.6× the typical wage there (…)."
function plausibilitySentence(p: PlausibilityResult | null): string {
  if (!p) return '';
  const raised = p.applied && p.raise > 0 ? ` (+${p.raise})` : '';
  return ` Lure check${raised}: ${p.evidence.map((e) => e.line).join('; ')}.`;
}

export function explain(x: ExplainInput): string {
  return rulesSentence(x) + plausibilitySentence(x.plausibility) + modelSentence(x.learned);
}

function rulesSentence(x: ExplainInput): string {
  const parts = signalPhrases(x);
  if (!parts.length) return 'No recruitment signals found.';
  const first = `${capital(parts.join(' + '))}.`;
  const frameKind = x.framing.kinds.map((k) => x.model.categories[k]?.phrase).find(Boolean);
  if (frameKind && x.framing.guarded) return `${first} Framed as ${frameKind}, but it still gives a contact and asks readers to sign up.`;
  if (frameKind) return `${first} Reads as ${frameKind}, so the score was lowered.`;
  if (!x.combined.schemes.length) return `${first} No known recruitment scheme: these signals alone are common in ordinary posts.`;
  if (!x.combined.hasCallToAction) return `${first} Fits ${x.combined.schemes[0].label}, but gives no contact or call to action.`;
  return x.flagged ? `${first} Fits ${x.combined.schemes[0].label}.` : first;
}

/** The structured explanation: the figures the sentence is built from. */
export function details(x: ExplainInput, sentence: string): ScoreDetails {
  const { model, combined, framing, learned } = x;
  const categories = [...x.categories.keys()].map((id) => {
    const def = model.categories[id];
    return { id, label: def?.label ?? id, kind: def?.kind ?? 'signal', points: round2(combined.byCategory.get(id) ?? 0) };
  });
  categories.sort((a, b) => b.points - a.points);
  const noContact = !combined.hasCallToAction && !combined.schemes.some((s) => s.promo);
  return {
    categories,
    schemes: combined.schemes.map((s) => ({ id: s.id, label: s.label })),
    points: round2(combined.points),
    noContact,
    capped: combined.capped,
    rulesRaw: round2(x.rulesRaw),
    framing: {
      factor: round2(framing.factor),
      kinds: framing.kinds,
      guarded: framing.guarded,
      cues: [...new Map(framing.cues.map((c) => [c.rule, { category: c.category, rule: c.rule }])).values()],
    },
    plausibility: x.plausibility
      ? { evidence: x.plausibility.evidence.map((e) => ({ ...e, figures: { ...e.figures } })), raise: x.plausibility.raise, applied: x.plausibility.applied }
      : null,
    model: learned ? { version: learned.version, probability: learned.probability === null ? null : round3(learned.probability), combined: learned.combined, effect: learned.effect } : null,
    sentence,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const round3 = (v: number) => Math.round(v * 1000) / 1000;
