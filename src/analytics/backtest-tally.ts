import type { ChangeList, RuleDelta, RuleFires, Side } from './backtest.ts';

export interface Outcome { flagged: boolean; rules: readonly string[] }
type Confusion = Side['confusion'];

const emptyList = (): ChangeList => ({ count: 0, confirmed: 0, dismissed: 0, itemIds: [], truncated: false });
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Adds up a backtest item by item: both sides' confusion against the decisions, what changed, and each rule's fires. */
export class BacktestTally {
  decided = 0;
  confirmed = 0;
  readonly current: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  readonly candidate: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  readonly newlyFlagged = emptyList();
  readonly noLongerFlagged = emptyList();
  private readonly rules = new Map<string, { current: RuleFires; candidate: RuleFires }>();

  constructor(private readonly listCap: number) {}

  add(itemId: string, confirmed: boolean, current: Outcome, candidate: Outcome): void {
    this.decided++;
    if (confirmed) this.confirmed++;
    count(this.current, confirmed, current.flagged);
    count(this.candidate, confirmed, candidate.flagged);
    if (candidate.flagged && !current.flagged) this.change(this.newlyFlagged, itemId, confirmed);
    if (current.flagged && !candidate.flagged) this.change(this.noLongerFlagged, itemId, confirmed);
    for (const rule of current.rules) this.fires(rule).current[confirmed ? 'confirmed' : 'dismissed']++;
    for (const rule of candidate.rules) this.fires(rule).candidate[confirmed ? 'confirmed' : 'dismissed']++;
  }

  side(base: Pick<Side, 'source' | 'packDir' | 'packVersion' | 'scored' | 'reused'>, which: 'current' | 'candidate'): Side {
    const c = this[which];
    return { ...base, flagged: c.tp + c.fp, confusion: { ...c }, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) };
  }

  ruleDeltas(): RuleDelta[] {
    const moved = (r: RuleDelta) => Math.abs(r.candidate.confirmed - r.current.confirmed) + Math.abs(r.candidate.dismissed - r.current.dismissed);
    const fired = (r: RuleDelta) => r.candidate.confirmed + r.candidate.dismissed + r.current.confirmed + r.current.dismissed;
    return [...this.rules].map(([rule, f]) => ({ rule, current: f.current, candidate: f.candidate }))
      .sort((a, b) => moved(b) - moved(a) || fired(b) - fired(a) || a.rule.localeCompare(b.rule));
  }

  private change(list: ChangeList, itemId: string, confirmed: boolean): void {
    list.count++;
    if (confirmed) list.confirmed++;
    else list.dismissed++;
    if (list.itemIds.length < this.listCap) list.itemIds.push(itemId);
    else list.truncated = true;
  }

  private fires(rule: string) {
    let f = this.rules.get(rule);
    if (!f) this.rules.set(rule, (f = { current: { confirmed: 0, dismissed: 0 }, candidate: { confirmed: 0, dismissed: 0 } }));
    return f;
  }
}

function count(c: Confusion, confirmed: boolean, flagged: boolean): void {
  if (confirmed) c[flagged ? 'tp' : 'fn']++;
  else c[flagged ? 'fp' : 'tn']++;
}
