import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBacktest } from '../../src/analytics/backtest.ts';
import { findRun, startBacktestRun } from '../../src/analytics/backtest-runs.ts';
import { PackLoadError } from '../../src/analytics/pack-thread.ts';
import { auditLog } from '../../src/db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { candidatePackWithZorblat, flaggedText, quietText, zorblatText } from '../helpers/candidate-pack.ts';
import { seedDecided, type Status } from '../helpers/decided.ts';

// A candidate pack that adds one rule must report exactly the decided items that rule newly flags,
// and never touch the live scorer or the stored scores.
describe('backtest of a candidate pack', () => {
  let t: TestApp;
  let pack: ReturnType<typeof candidatePackWithZorblat>;
  const zorblat: Record<Status, string[]> = { confirmed: [], dismissed: [], pending: [], escalated: [] };
  const flagged: Record<Status, string[]> = { confirmed: [], dismissed: [], pending: [], escalated: [] };
  let scoresBefore: unknown;

  async function seed(text: string, status: Status, opts: { packVersion?: string; scoredText?: string } = {}) {
    const r = t.deps.scorer.score(text);
    return seedDecided(t.deps.db, { text, matches: r.matches, details: r.details, score: r.score, status, packVersion: opts.packVersion ?? r.packVersion, scoredText: opts.scoredText ?? text });
  }
  const snapshot = async () => (await t.deps.db.execute(sql`select md5(string_agg(item_id::text || pack_version || score::text || matches::text, ',' order by item_id)) as h, count(*)::int as n from scores`));

  beforeAll(async () => {
    t = await startTestApp({ workers: [] });
    pack = candidatePackWithZorblat();
    for (let i = 0; i < 5; i++) zorblat.confirmed.push(await seed(zorblatText(i), 'confirmed'));
    for (let i = 5; i < 8; i++) zorblat.dismissed.push(await seed(zorblatText(i), 'dismissed'));
    zorblat.pending.push(await seed(zorblatText(9), 'pending')); // undecided: not in the backtest
    for (let i = 0; i < 4; i++) flagged.confirmed.push(await seed(flaggedText(i), 'confirmed'));
    for (let i = 4; i < 6; i++) flagged.dismissed.push(await seed(flaggedText(i), 'dismissed'));
    // scored by an older pack: the active pack scores it again rather than trusting the stored row
    flagged.confirmed.push(await seed(flaggedText(9), 'confirmed', { packVersion: 'older-pack' }));
    for (let i = 0; i < 3; i++) await seed(quietText(i), 'dismissed');
    await seed(quietText(9), 'dismissed', { scoredText: '' }); // scored before scored_text was kept
    scoresBefore = await snapshot();
  });
  afterAll(async () => {
    pack?.remove();
    await t?.close();
  });

  it('reports exactly the items the added rule newly flags, with precision and recall on both sides', async () => {
    const liveVersion = t.deps.scorer.packVersion;
    const prepared = await prepareBacktest({ packDir: pack.dir, threshold: t.deps.config.FLAG_THRESHOLD, batchSize: 4 });
    const report = await prepared.run(t.deps.db).finally(() => prepared.close());
    expect(report.current).toMatchObject({ source: 'active pack', packVersion: liveVersion, scored: 1, reused: 17 });
    expect(report.candidate.packVersion).not.toBe(liveVersion);
    expect(report.items).toMatchObject({ decided: 18, confirmed: 10, dismissed: 8, skippedNoText: 1, errors: 0 });
    expect([...report.newlyFlagged.itemIds].sort()).toEqual([...zorblat.confirmed, ...zorblat.dismissed].sort());
    expect(report.newlyFlagged).toMatchObject({ count: 8, confirmed: 5, dismissed: 3, truncated: false });
    expect(report.noLongerFlagged).toMatchObject({ count: 0, itemIds: [] });
    // current: 5 confirmed flagged items of 10 confirmed, 2 dismissed flagged; candidate adds 5 + 3
    expect(report.current.confusion).toEqual({ tp: 5, fp: 2, fn: 5, tn: 6 });
    expect(report.candidate.confusion).toEqual({ tp: 10, fp: 5, fn: 0, tn: 3 });
    expect(report.current.precision).toBeCloseTo(5 / 7, 10);
    expect(report.current.recall).toBe(0.5);
    expect(report.candidate.precision).toBeCloseTo(10 / 15, 10);
    expect(report.candidate.recall).toBe(1);
    expect(report.rules[0]).toEqual({ rule: 'test.zorblat', current: { confirmed: 0, dismissed: 0 }, candidate: { confirmed: 5, dismissed: 3 } });
    const army = report.rules.find((r) => r.rule === 'mil.en.army')!;
    expect(army.current).toEqual(army.candidate);
    expect(army.current).toEqual({ confirmed: 5, dismissed: 2 });
    // never activated: the live scorer and every stored score are as they were
    expect(t.deps.scorer.packVersion).toBe(liveVersion);
    expect(await snapshot()).toEqual(scoresBefore);
  });

  it('without a candidate, compares the active pack with the stored scores', async () => {
    const prepared = await prepareBacktest({ threshold: t.deps.config.FLAG_THRESHOLD });
    const report = await prepared.run(t.deps.db, {}).finally(() => prepared.close());
    expect(report.current).toMatchObject({ source: 'stored scores', scored: 0, reused: 18 });
    expect(report.candidate).toMatchObject({ source: 'active pack', packVersion: t.deps.scorer.packVersion });
    expect(report.newlyFlagged.count).toBe(0);
    expect(report.noLongerFlagged.count).toBe(0);
  });

  it('stops at --limit items', async () => {
    const prepared = await prepareBacktest({ packDir: pack.dir, threshold: 60, limit: 5, batchSize: 2 });
    const report = await prepared.run(t.deps.db).finally(() => prepared.close());
    expect(report.items.decided + report.items.skippedNoText).toBe(5);
  });

  it('refuses a missing directory and a pack the loader refuses, naming the file and line', async () => {
    await expect(prepareBacktest({ packDir: path.join(pack.dir, 'nope'), threshold: 60 })).rejects.toThrow(/cannot read pack directory/);
    const broken = `${pack.dir}-broken`;
    fs.cpSync(pack.dir, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'zorblat.yaml'), "patterns:\n- id: test.bad\n  category: 'MIL-ROLE'\n  lang: en\n  regex: '(unclosed'\n  examples: { match: ['x'], nomatch: ['y'] }\n");
    try {
      const err = await prepareBacktest({ packDir: broken, threshold: 60 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PackLoadError);
      expect((err as PackLoadError).issues.join('\n')).toMatch(/zorblat\.yaml:2: /);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('records each run in backtest_runs and the audit log', async () => {
    const { runId, done } = await startBacktestRun({ db: t.deps.db, log: t.deps.log }, { packDir: pack.dir, threshold: 60, userId: null });
    const report = await done;
    const run = await findRun(t.deps.db, runId);
    expect(run).toMatchObject({ status: 'done', packDir: pack.dir, packVersion: report.candidate.packVersion, error: null, startedByName: null });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    expect((run!.summary as { newlyFlagged: { count: number } }).newlyFlagged.count).toBe(8);
    const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'backtest'));
    expect(audit).toEqual([expect.objectContaining({ target: `pack:${pack.dir}`, data: expect.objectContaining({ runId }) })]);
    expect(await snapshot()).toEqual(scoresBefore);
  });
});
