import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleStats, type RuleStats } from '../../src/analytics/rule-stats.ts';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { detailsWith, match, seedDecided } from '../helpers/decided.ts';

// Decisions with counts known by construction: per rule, category and scheme, precision and its
// Wilson interval, the never-confirmed rules and the weekly buckets must come out exactly so.
const NOW = new Date('2026-12-09T12:00:00Z'); // a Wednesday of 2026-W50
const day = (iso: string) => new Date(`${iso}T10:00:00Z`);

describe('rule analytics from reviewers\' decisions', () => {
  let t: TestApp;
  let stats: RuleStats;
  const byKey = (rows: RuleStats['rules'], key: string) => rows.find((r) => r.key === key);

  beforeAll(async () => {
    t = await startTestApp({ workers: [] });
    const db = t.deps.db;
    const good = match('R-good', 'C-A');
    const mid = match('R-mid', 'C-B');
    for (let i = 1; i <= 8; i++) {
      // c1 matches R-good twice: an item counts once per rule
      const matches = i === 1 ? [good, good, mid] : i <= 3 ? [good, mid] : [good];
      await seedDecided(db, { matches, details: detailsWith(i <= 3 ? ['C-A', 'C-B', 'CH-MESSENGER'] : ['C-A', 'CH-MESSENGER'], ['S-1']), status: 'confirmed', ingestedAt: day(i <= 4 ? '2026-12-08' : '2026-11-24') });
    }
    for (let i = 1; i <= 2; i++) await seedDecided(db, { matches: [good, mid], details: detailsWith(['C-A', 'C-B']), status: 'dismissed', ingestedAt: day('2026-12-07') });
    // one of them a news report: two cue rules of one frame category count that category once
    const cues = [{ category: 'FRAME-NEWS', rule: 'R-news' }, { category: 'FRAME-NEWS', rule: 'R-reuters' }];
    for (let i = 1; i <= 4; i++) await seedDecided(db, { matches: [match('R-bad', 'C-B')], details: detailsWith(['C-B'], [], i === 1 ? cues : []), status: 'dismissed', ingestedAt: day('2026-12-02') });
    // scored before details were stored: its matches' categories count, once each
    await seedDecided(db, { matches: [match('R-rare', 'C-B'), match('R-rare', 'C-B')], details: null, status: 'dismissed', ingestedAt: day('2026-10-01') }); // before the window
    for (let i = 1; i <= 2; i++) await seedDecided(db, { matches: [good], details: detailsWith(['C-A']), status: 'pending', ingestedAt: day('2026-12-09') });
    await seedDecided(db, { matches: [], details: detailsWith([]), status: null, score: 0, ingestedAt: day('2026-12-09') }); // scored, nothing matched
    stats = await ruleStats(db, { weeks: 4, minDismissed: 3, now: NOW });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts each rule on confirmed and dismissed items, with precision and its 95% Wilson interval', () => {
    expect(stats.decided).toEqual({ confirmed: 8, dismissed: 7 });
    const rg = byKey(stats.rules, 'R-good')!;
    expect(rg).toMatchObject({ kind: 'rule', category: 'C-A', confirmed: 8, dismissed: 2, decided: 10 });
    expect(rg.precision.value).toBe(0.8);
    expect(rg.precision.low).toBeCloseTo(0.49016, 5);
    expect(rg.precision.high).toBeCloseTo(0.94332, 5);
    const rm = byKey(stats.rules, 'R-mid')!;
    expect(rm).toMatchObject({ confirmed: 3, dismissed: 2 });
    expect(rm.precision.low).toBeCloseTo(0.23072, 5);
    expect(rm.precision.high).toBeCloseTo(0.88238, 5);
    expect(byKey(stats.rules, 'R-bad')).toMatchObject({ confirmed: 0, dismissed: 4, precision: { value: 0, low: 0 } });
    expect(byKey(stats.rules, 'R-rare')).toMatchObject({ confirmed: 0, dismissed: 1 });
    expect(stats.rules.map((r) => r.key)).toEqual(['R-good', 'R-mid', 'R-bad', 'R-rare']); // most decided first
  });

  it('counts categories as the score counted them (details, frame cues, or matches before details), and schemes', () => {
    expect(byKey(stats.categories, 'C-A')).toMatchObject({ confirmed: 8, dismissed: 2 });
    expect(byKey(stats.categories, 'C-B')).toMatchObject({ confirmed: 3, dismissed: 7 });
    expect(byKey(stats.categories, 'FRAME-NEWS')).toMatchObject({ confirmed: 0, dismissed: 1 });
    expect(byKey(stats.categories, 'CH-MESSENGER')).toMatchObject({ confirmed: 8, dismissed: 0, precision: { value: 1 } });
    expect(stats.schemes).toEqual([expect.objectContaining({ key: 'S-1', confirmed: 8, dismissed: 0 })]);
  });

  it('lists the rules only ever dismissed, at or above the minimum', () => {
    expect(stats.dismissedOnly.map((r) => [r.key, r.dismissed])).toEqual([['R-bad', 4]]);
  });

  it('buckets fires, confirmations and dismissals by ISO week of ingestion', () => {
    expect(stats.weekly.weeks.map((w) => w.week)).toEqual(['2026-W47', '2026-W48', '2026-W49', '2026-W50']);
    const series = (rule: string) => stats.weekly.rules.find((r) => r.rule === rule)?.points.map((p) => [p.fires, p.confirmed, p.dismissed]);
    expect(series('R-good')).toEqual([[0, 0, 0], [4, 4, 0], [0, 0, 0], [8, 4, 2]]);
    expect(series('R-bad')).toEqual([[0, 0, 0], [0, 0, 0], [4, 0, 4], [0, 0, 0]]);
    expect(series('R-mid')).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0], [5, 3, 2]]);
    expect(series('R-rare')).toBeUndefined(); // ingested before the window
    expect(stats.weekly.total.map((p) => [p.fires, p.confirmed, p.dismissed])).toEqual([[0, 0, 0], [4, 4, 0], [4, 0, 4], [8, 4, 2]]);
  });

  it('serves the same figures to admins at GET /api/analytics/rules and refuses everyone else', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/analytics/rules?weeks=4&min=4', headers: { authorization: `Bearer ${t.token}` } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rules.find((r: { key: string }) => r.key === 'R-good')).toMatchObject({ confirmed: 8, dismissed: 2 });
    expect(body.dismissedOnly.map((r: { key: string }) => r.key)).toEqual(['R-bad']);
    expect(body.weekly.weeks).toHaveLength(4);
    for (const role of ['reviewer', 'viewer', 'moderator'] as const) {
      const { token } = await addUser(t.deps.db, { name: `a-${role}`, role });
      const refused = await t.app.inject({ method: 'GET', url: '/api/analytics/rules', headers: { authorization: `Bearer ${token}` } });
      expect(refused.statusCode, role).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/analytics/rules' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/analytics/rules?weeks=0', headers: { authorization: `Bearer ${t.token}` } })).statusCode).toBe(400);
  });
});
