import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { wilson, type Proportion } from './wilson.ts';

/**
 * What reviewers' decisions say about each rule, category and scheme of the pack: on how many items
 * it fired that were then confirmed or dismissed, and so its precision with a 95% Wilson interval.
 * Every figure is a SQL aggregate over scores.matches / scores.details (jsonb) joined to
 * review_cases, so the page stays fast at 100,000 decided items (tests/bench/backtest.bench.ts).
 * An item counts once per rule however many times the rule matched in it.
 */
export type StatKind = 'rule' | 'category' | 'scheme';

export interface StatRow {
  kind: StatKind;
  key: string;
  /** for a rule: the category its matches carried */
  category: string | null;
  confirmed: number;
  dismissed: number;
  decided: number;
  precision: Proportion;
}

export interface WeekPoint { week: string; weekStart: string; fires: number; confirmed: number; dismissed: number }

export interface RuleStats {
  generatedAt: string;
  decided: { confirmed: number; dismissed: number };
  rules: StatRow[];
  categories: StatRow[];
  schemes: StatRow[];
  /** rules reviewers never confirmed, with at least `minDismissed` dismissals: candidates for removal */
  dismissedOnly: StatRow[];
  minDismissed: number;
  /** per ISO week (of the item's ingestion), the last `weeks` weeks: every scored item a rule fired on, and how many were decided each way */
  weekly: { weeks: Array<{ week: string; weekStart: string }>; total: WeekPoint[]; rules: Array<{ rule: string; points: WeekPoint[] }> };
  /** how long the queries took, for the page's footer and the bench */
  elapsedMs: number;
}

export interface RuleStatsOptions { weeks?: number; minDismissed?: number; now?: Date }

/**
 * Each aggregate in a transaction of its own with JIT off: the planner guesses 100 rows for every
 * jsonb_array_elements, so it thinks these queries are huge and spends ~0.4 s compiling them; off, they
 * finish sooner. Separate transactions let PostgreSQL run the queries side by side on the pool's connections.
 */
async function aggregate<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return rowsOf<T>(await tx.execute(query));
  });
}

interface CountRow { kind: StatKind; key: string; category: string | null; confirmed: number; dismissed: number }

const FROM_DECIDED = sql`from review_cases rc join scores s on s.item_id = rc.item_id`;
const COUNTS = sql`count(*) filter (where d.status = 'confirmed')::int as confirmed, count(*) filter (where d.status = 'dismissed')::int as dismissed`;

/** Rules: each distinct rule among an item's matches (a rule that matched twice counts once). */
function ruleCounts(db: DbOrTx): Promise<CountRow[]> {
  return aggregate<CountRow>(db, sql`
    select 'rule' as kind, r.key, max(r.category) as category, ${COUNTS}
      from (select rc.status, s.matches ${FROM_DECIDED} where rc.status in ('confirmed', 'dismissed')) d
      cross join lateral (select distinct m->>'rule' as key, m->>'category' as category from jsonb_array_elements(d.matches) m) r
     where r.key is not null
     group by r.key`);
}

/**
 * Categories as the score counted them (details.categories) and schemes (details.schemes), both
 * unique within an item. details is read once per row (jsonb_to_record): each `->` on it would
 * decompress the whole document again.
 */
function categoryAndSchemeCounts(db: DbOrTx): Promise<CountRow[]> {
  return aggregate<CountRow>(db, sql`
    select f.kind, f.key, null as category, ${COUNTS}
      from (
        select rc.status, x.categories, x.schemes ${FROM_DECIDED}
          cross join lateral jsonb_to_record(s.details) as x(categories jsonb, schemes jsonb)
         where rc.status in ('confirmed', 'dismissed')
      ) d
      cross join lateral (
        select 'category' as kind, c->>'id' as key from jsonb_array_elements(d.categories) c
        union all
        select 'scheme', x->>'id' from jsonb_array_elements(d.schemes) x
      ) f
     where f.key is not null
     group by f.kind, f.key`);
}

/**
 * The other categories an item showed, which can repeat within it: the frame categories of its cues,
 * and the matches' categories of a score stored before details existed. De-duplicated in one hash
 * over these few rows (a DISTINCT per item costs more than everything else at 100,000 items).
 */
function cueAndLegacyCategoryCounts(db: DbOrTx): Promise<CountRow[]> {
  return aggregate<CountRow>(db, sql`
    select 'category' as kind, d.key, null as category, ${COUNTS}
      from (
        select rc.item_id, rc.status, q->>'category' as key ${FROM_DECIDED}
          cross join jsonb_array_elements(s.details->'framing'->'cues') q
         where rc.status in ('confirmed', 'dismissed')
        union
        select rc.item_id, rc.status, m->>'category' ${FROM_DECIDED}
          cross join jsonb_array_elements(s.matches) m
         where rc.status in ('confirmed', 'dismissed') and s.details is null
      ) d
     where d.key is not null
     group by d.key`);
}

async function decidedTotals(db: DbOrTx): Promise<{ confirmed: number; dismissed: number }> {
  const result = await db.execute(sql`
    select count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'dismissed')::int as dismissed
      from review_cases where status in ('confirmed', 'dismissed')`);
  const [row] = rowsOf<{ confirmed: number; dismissed: number }>(result);
  return { confirmed: Number(row?.confirmed ?? 0), dismissed: Number(row?.dismissed ?? 0) };
}

interface WeekRow { week_start: string; rule: string | null; fires: number; confirmed: number; dismissed: number }

/**
 * Fires per rule and ISO week (Monday start, UTC) of the item's ingestion, since `since`, in one pass:
 * each item gives its distinct rules and, if anything matched, one row with rule null (items with any match).
 */
function weeklyCounts(db: DbOrTx, since: Date): Promise<WeekRow[]> {
  return aggregate<WeekRow>(db, sql`
    select to_char(date_trunc('week', i.ingested_at at time zone 'UTC'), 'YYYY-MM-DD') as week_start, r.rule,
           count(*)::int as fires,
           count(*) filter (where rc.status = 'confirmed')::int as confirmed,
           count(*) filter (where rc.status = 'dismissed')::int as dismissed
      from items i
      join scores s on s.item_id = i.id
      left join review_cases rc on rc.item_id = i.id
      cross join lateral (
        select distinct m->>'rule' as rule from jsonb_array_elements(s.matches) m
        union all
        select null where jsonb_array_length(s.matches) > 0
      ) r
     where i.ingested_at >= ${since.toISOString()}::timestamptz
     group by 1, 2`);
}

/** The Monday (UTC) that starts the ISO week holding `d`, and that week's ISO label (2026-W49). */
export function isoWeek(d: Date): { week: string; weekStart: string } {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
  const thursday = new Date(monday.getTime() + 3 * 86_400_000); // the ISO year is the Thursday's year
  const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week1Monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  const n = Math.round((monday.getTime() - week1Monday.getTime()) / (7 * 86_400_000)) + 1;
  return { week: `${thursday.getUTCFullYear()}-W${String(n).padStart(2, '0')}`, weekStart: monday.toISOString().slice(0, 10) };
}

/** The frame categories a cue showed are never in details.categories (framing.ts keeps them apart), so the two add up. */
function mergeCategories(a: CountRow[], b: CountRow[]): CountRow[] {
  const byKey = new Map(a.map((r) => [`${r.kind}\0${r.key}`, { ...r, confirmed: Number(r.confirmed), dismissed: Number(r.dismissed) }]));
  for (const r of b) {
    const k = `${r.kind}\0${r.key}`;
    const prev = byKey.get(k);
    byKey.set(k, prev ? { ...prev, confirmed: prev.confirmed + Number(r.confirmed), dismissed: prev.dismissed + Number(r.dismissed) } : r);
  }
  return [...byKey.values()];
}

const toStat = (r: CountRow): StatRow => {
  const confirmed = Number(r.confirmed);
  const dismissed = Number(r.dismissed);
  return { kind: r.kind, key: r.key, category: r.category ?? null, confirmed, dismissed, decided: confirmed + dismissed, precision: wilson(confirmed, confirmed + dismissed) };
};
const byDecided = (a: StatRow, b: StatRow) => b.decided - a.decided || a.key.localeCompare(b.key);

function weeklySeries(rows: WeekRow[], weeks: Array<{ week: string; weekStart: string }>) {
  const blank = () => weeks.map((w) => ({ ...w, fires: 0, confirmed: 0, dismissed: 0 }));
  const total = blank();
  const perRule = new Map<string, WeekPoint[]>();
  const index = new Map(weeks.map((w, i) => [w.weekStart, i]));
  for (const r of rows) {
    const i = index.get(r.week_start);
    if (i === undefined) continue; // the current week's Monday is in the list; older rows were filtered by the query
    let series = total;
    if (r.rule !== null) {
      series = perRule.get(r.rule) ?? blank();
      perRule.set(r.rule, series);
    }
    series[i] = { ...series[i], fires: Number(r.fires), confirmed: Number(r.confirmed), dismissed: Number(r.dismissed) };
  }
  const rules = [...perRule].map(([rule, points]) => ({ rule, points })).sort((a, b) => a.rule.localeCompare(b.rule));
  return { weeks, total, rules };
}

export async function ruleStats(db: DbOrTx, opts: RuleStatsOptions = {}): Promise<RuleStats> {
  const started = performance.now();
  const weekCount = opts.weeks ?? 12;
  const minDismissed = opts.minDismissed ?? 3;
  const now = opts.now ?? new Date();
  const thisWeek = isoWeek(now);
  const weeks = Array.from({ length: weekCount }, (_, i) => isoWeek(new Date(Date.parse(thisWeek.weekStart) - (weekCount - 1 - i) * 7 * 86_400_000)));
  const since = new Date(`${weeks[0].weekStart}T00:00:00Z`);
  const [ruleRows, categoryRows, cueRows, decided, weekRows] = await Promise.all([
    ruleCounts(db), categoryAndSchemeCounts(db), cueAndLegacyCategoryCounts(db), decidedTotals(db), weeklyCounts(db, since),
  ]);
  const counts = [...ruleRows, ...mergeCategories(categoryRows, cueRows)];
  const stats = counts.map(toStat);
  const rules = stats.filter((s) => s.kind === 'rule').sort(byDecided);
  return {
    generatedAt: now.toISOString(),
    decided,
    rules,
    categories: stats.filter((s) => s.kind === 'category').sort(byDecided),
    schemes: stats.filter((s) => s.kind === 'scheme').sort(byDecided),
    dismissedOnly: rules.filter((r) => r.confirmed === 0 && r.dismissed >= minDismissed).sort((a, b) => b.dismissed - a.dismissed || a.key.localeCompare(b.key)),
    minDismissed,
    weekly: weeklySeries(weekRows, weeks),
    elapsedMs: Math.round(performance.now() - started),
  };
}
