import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { DEFAULT_THRESHOLD, defaultPatternDir } from '../../../src/scoring/index.ts';
import { createScorer } from '../../../src/scoring/engine.ts';
import { extractIndicators } from '../../../src/scoring/indicators/indicators.ts';
import { foldPattern, normalize, toOriginalSpan } from '../../../src/scoring/normalise/normalise.ts';
import { loadPack, PackError, readPack } from '../../../src/scoring/pack/pack.ts';
import { defaultPlausibilityDir, readPlausibility } from '../../../src/scoring/plausibility/table.ts';
import type { PackIssue } from '../../../src/scoring/pack/pack-error.ts';

// Lure plausibility (issue 13.4): pay against typical wages, phones against the claimed employer
// and destination. The same pack scores with and without its table, so what the table adds is seen.
const pack = loadPack(defaultPatternDir, { normalize, foldPattern });
const deps = { normalize, toOriginalSpan, extractIndicators };
const scorer = createScorer(pack, DEFAULT_THRESHOLD, deps);
const noTable = createScorer({ ...pack, plausibility: null }, DEFAULT_THRESHOLD, deps);
const maxRaise = pack.plausibility!.table.raise.maxRaise;

const evidence = (text: string) => scorer.score(text).details.plausibility?.evidence ?? [];

describe('lure plausibility: pay', () => {
  const overpaid = 'Kitchen helpers needed in Moscow, Russia. Tourist visa arranged, monthly salary 3000 dollars. Apply today, call +7 912 345 67 89';

  it('says how far an offer is above the typical wage where the job is, with its figures and source', () => {
    const r = scorer.score(overpaid);
    const p = r.details.plausibility!;
    expect(p.evidence).toHaveLength(1);
    const [e] = p.evidence;
    expect(e.kind).toBe('overpaid');
    expect(e.figures).toMatchObject({ amount: 3000, currency: 'USD', period: 'month', usdPerMonth: 3000, country: 'RU', typicalUsdPerMonth: 950, year: 2024, ratio: 3.2 });
    expect(e.source).toMatch(/^Rosstat/);
    expect(e.line).toBe('offered $3,000/month for a civilian-sounding job in Russia: ~3.2× the typical wage there (~$950/month, Rosstat 2024)');
    expect(r.explanation).toContain(`Lure check (+${p.raise}): ${e.line}.`);
    expect(p).toMatchObject({ applied: true, raise: 4 });
    expect(r.score).toBeGreaterThan(noTable.score(overpaid).score);
  });

  it('turns a rouble wage into dollars at the rough rate and says so', () => {
    const [e] = evidence('Foreign men wanted for a Russian army contract: 250000 rubles a month, write to us on WhatsApp +7 912 345 67 89');
    expect(e.kind).toBe('overpaid');
    expect(e.figures).toMatchObject({ amount: 250000, currency: 'RUB', usdPerMonth: 2750, ratio: 2.9 });
    expect(e.line).toContain('offered 250,000 RUB/month (~$2,750/month) for military service in Russia');
  });

  it('weighs a one-off payment against a year of pay in the country the recruits come from', () => {
    const e = evidence('Russian army contract for men from Nepal: signing bonus 12000 dollars, Russian passport. Call +7 912 345 67 89').find((x) => x.kind === 'lump-sum');
    expect(e?.figures).toMatchObject({ usd: 12000, country: 'NP', typicalUsdPerMonth: 135, years: 7.4 });
    expect(e?.line).toBe('a one-off $12,000: ~7 years of the typical wage in Nepal (~$135/month, NLFS 2017/18)');
  });

  it('finds nothing in a fairly paid offer', () => {
    const fair = overpaid.replace('3000 dollars', '1100 dollars');
    const r = scorer.score(fair);
    expect(r.details.schemes.length).toBeGreaterThan(0); // the same scheme: only the pay changed
    expect(r.details.plausibility).toBeNull();
    expect(r.score).toBe(noTable.score(fair).score);
  });
});

describe('lure plausibility: phones', () => {
  const mod = (phone: string) => `Russia's Ministry of Defence invites foreign volunteers: contract service, and Russian passports for the wife and children as well. Message us on WhatsApp ${phone}`;

  it('notes a Ministry of Defence recruiter with an Armenian number', () => {
    const r = scorer.score(mod('+374 91 234567'));
    const e = r.details.plausibility!.evidence.find((x) => x.kind === 'phone-employer');
    expect(e?.line).toBe("a recruiter for Russia's Ministry of Defence with an Armenian (+374) WhatsApp number");
    expect(e?.figures).toMatchObject({ phone: '+37491234567', phoneCountry: 'AM', employer: 'ru-mod', fits: 'RU' });
    expect(r.explanation).toContain(e!.line);
  });

  it('says nothing when the number fits the employer', () => {
    expect(scorer.score(mod('+7 912 345 67 89')).details.plausibility).toBeNull();
  });

  it('marks a Cambodian number for a job in Thailand as the scam-compound pattern', () => {
    const e = evidence('Call-centre jobs abroad in Bangkok, Thailand. Flights covered by the firm, no experience needed. WhatsApp +855 12 345 678')
      .find((x) => x.kind === 'phone-destination');
    expect(e?.line).toMatch(/in Thailand with a Cambodian \(\+855\) WhatsApp number: typical of trafficking into scam compounds$/);
    expect(e?.figures).toMatchObject({ phoneCountry: 'KH', destination: 'TH' });
  });

  it('accepts a local agent: a number from the country the text addresses', () => {
    const text = 'Call-centre jobs abroad in Bangkok, Thailand, for graduates from Kenya. Flights covered by the firm, no experience needed. WhatsApp +254 712 345678';
    expect(evidence(text).filter((x) => x.kind === 'phone-destination')).toEqual([]);
  });
});

describe('lure plausibility: how much it counts', () => {
  it('raises a score by at most the table maximum, however much it finds', () => {
    const text = 'Russian Ministry of Defence contract for volunteers from Nepal: 4500 dollars a month, signing bonus 15000 dollars, Russian citizenship. WhatsApp +971 50 123 4567';
    const r = scorer.score(text);
    const p = r.details.plausibility!;
    expect(new Set(p.evidence.map((e) => e.kind))).toEqual(new Set(['overpaid', 'lump-sum', 'phone-employer']));
    expect(p.evidence.reduce((a, e) => a + e.points, 0)).toBeGreaterThan(maxRaise);
    expect(p.raise).toBe(maxRaise);
    const base = noTable.score(text).details.rulesRaw;
    expect(r.details.rulesRaw).toBeCloseTo(Math.min(100, base + maxRaise), 1);
  });

  it('never flags by itself: an ordinary job ad with high pay and a foreign number fits no scheme', () => {
    const ad = 'Licensed agency: hotel receptionists for Dubai, salary 4000 USD per month, interview at our office. Call +374 91 234567';
    const r = scorer.score(ad);
    expect(r.details.schemes).toEqual([]);
    expect(r.details.plausibility).toBeNull();
    expect(r.flagged).toBe(false);
    expect(r.score).toBe(noTable.score(ad).score);
  });

  it('does not raise a news report that quotes an over-paid offer and a mismatched number', () => {
    const news = "According to Reuters, a man who said he hired for Russia's Defence Ministry promised Nepali men 3,000 dollars a month for contract service, officials said; the number he gave, +374 91 234567, is Armenian.";
    const r = scorer.score(news);
    expect(r.details.framing.kinds.length).toBeGreaterThan(0);
    expect(r.details.plausibility?.raise ?? 0).toBe(0);
    expect(r.details.plausibility?.applied ?? false).toBe(false);
    expect(r.score).toBe(noTable.score(news).score);
  });

  it('stays plain JSON (details are stored in a jsonb column)', () => {
    const d = scorer.score('Kitchen helpers needed in Moscow, Russia. Tourist visa arranged, monthly salary 3000 dollars. Apply today').details;
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('the plausibility table', () => {
  const hash = () => createHash('sha256');

  it('loads and validates, with a source and a short citation on every row', () => {
    const issues: PackIssue[] = [];
    const t = readPlausibility(defaultPlausibilityDir, new Set(Object.keys(pack.model.categories)), hash(), issues);
    expect(issues).toEqual([]);
    expect(t!.countries.length).toBeGreaterThanOrEqual(30);
    for (const c of t!.countries) {
      expect(c.source.length, c.code).toBeGreaterThan(10);
      expect(c.cite, c.code).toMatch(/\d{4}/);
    }
    const codes = t!.countries.map((c) => c.code);
    for (const c of ['RU', 'IN', 'NP', 'LK', 'CU', 'KE', 'UZ', 'TJ', 'AM', 'TH', 'KH', 'MM', 'LA', 'AE']) expect(codes).toContain(c);
  });

  /** A copy of the shipped pack (YAML only) with its own plausibility directory. */
  function packCopy(): { dir: string; wages: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-plaus-'));
    for (const f of readdirSync(defaultPatternDir)) if (f.endsWith('.yaml')) cpSync(path.join(defaultPatternDir, f), path.join(dir, f));
    cpSync(defaultPlausibilityDir, path.join(dir, 'plausibility'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
    return { dir, wages: path.join(dir, 'plausibility', 'wages.yaml') };
  }

  it('is part of the pack version: the same table gives the same version, a changed wage a new one', () => {
    const shipped = readPack(defaultPatternDir).version;
    const { dir, wages } = packCopy();
    expect(readPack(dir).version).toBe(shipped);
    writeFileSync(wages, readFileSync(wages, 'utf8').replace('usdMonth: 950', 'usdMonth: 960'));
    expect(readPack(dir).version).not.toBe(shipped);
  });

  it('refuses a row without a source, naming the file and line', () => {
    const { dir, wages } = packCopy();
    const text = readFileSync(wages, 'utf8');
    writeFileSync(wages, text.replace(/\n    source: Armstat[^\n]*/, ''));
    let err: unknown;
    try { readPack(dir); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PackError);
    const issue = (err as PackError).issues.find((i) => i.file === wages);
    expect(issue?.reason).toMatch(/source/);
    expect(issue?.line).toBeGreaterThan(1);
  });

  it('refuses a table that names a category the model does not have', () => {
    const { dir } = packCopy();
    const fit = path.join(dir, 'plausibility', 'phone-fit.yaml');
    writeFileSync(fit, readFileSync(fit, 'utf8').replace('categories: [MIL-ROLE, DEST-RU]', 'categories: [MIL-ROLE, NO-SUCH]'));
    expect(() => readPack(dir)).toThrow(/unknown category NO-SUCH/);
  });
});
