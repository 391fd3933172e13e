import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
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

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// One row per (kind, key) an item showed, de-duplicated within the item by UNION.
const FIRES_PER_ITEM = sql`
  select 'rule' as kind, m->>'rule' as key, m->>'category' as category from jsonb_array_elements(s.matches) m
  union
  select 'category', m->>'category', null from jsonb_array_elements(s.matches) m
  union
  select 'category', c->>'id', null from jsonb_array_elements(coalesce(s.details->'categories', '[]'::jsonb)) c
  union
  select 'scheme', x->>'id', null from jsonb_array_elements(coalesce(s.details->'schemes', '[]'::jsonb)) x`;

interface CountRow { kind: StatKind; key: string; category: string | null; confirmed: number; dismissed: number }

async function decidedCounts(db: DbOrTx): Promise<CountRow[]> {
  const result = await db.execute(sql`
    select f.kind, f.key, max(f.category) as category,
           count(*) filter (where rc.status = 'confirmed')::int as confirmed,
           count(*) filter (where rc.status = 'dismissed')::int as dismissed
      from review_cases rc
      join scores s on s.item_id = rc.item_id
      cross join lateral (${FIRES_PER_ITEM}) f
     where rc.status in ('confirmed', 'dismissed') and f.key is not null
     group by f.kind, f.key`);
  return rowsOf<CountRow>(result);
}

async function decidedTotals(db: DbOrTx): Promise<{ confirmed: number; dismissed: number }> {
  const result = await db.execute(sql`
    select count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'dismissed')::int as dismissed
      from review_cases where status in ('confirmed', 'dismissed')`);
  const [row] = rowsOf<{ confirmed: number; dismissed: number }>(result);
  return { confirmed: Number(row?.confirmed ?? 0), dismissed: Number(row?.dismissed ?? 0) };
}

interface WeekRow { week_start: string; rule: string | null; fires: number; confirmed: number; dismissed: number }

const WEEK_START = sql`to_char(date_trunc('week', i.ingested_at at time zone 'UTC'), 'YYYY-MM-DD')`;

/** Fires per rule and ISO week (Monday start, UTC) of the item's ingestion, since `since`; rule null: items with any match. */
async function weeklyCounts(db: DbOrTx, since: Date): Promise<WeekRow[]> {
  const from = sql`from items i
      join scores s on s.item_id = i.id
      left join review_cases rc on rc.item_id = i.id`;
  const counts = sql`count(*)::int as fires,
           count(*) filter (where rc.status = 'confirmed')::int as confirmed,
           count(*) filter (where rc.status = 'dismissed')::int as dismissed`;
  const perRule = await db.execute(sql`
    select ${WEEK_START} as week_start, r.rule, ${counts}
      ${from}
      cross join lateral (select distinct m->>'rule' as rule from jsonb_array_elements(s.matches) m) r
     where i.ingested_at >= ${since.toISOString()}::timestamptz
     group by 1, 2`);
  const anyRule = await db.execute(sql`
    select ${WEEK_START} as week_start, null as rule, ${counts}
      ${from}
     where i.ingested_at >= ${since.toISOString()}::timestamptz and jsonb_array_length(s.matches) > 0
     group by 1`);
  return [...rowsOf<WeekRow>(perRule), ...rowsOf<WeekRow>(anyRule)];
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
  const [counts, decided, weekRows] = [await decidedCounts(db), await decidedTotals(db), await weeklyCounts(db, since)];
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
