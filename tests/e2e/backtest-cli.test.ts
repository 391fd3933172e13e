import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { loadScorer } from '../../src/scoring/index.ts';
import { candidatePackWithZorblat, flaggedText, zorblatText } from '../helpers/candidate-pack.ts';
import { runCli } from '../helpers/cli.ts';
import { seedDecided } from '../helpers/decided.ts';
import { redisUrl, uniquePrefix } from '../helpers/redis.ts';

// `recruitwatch backtest` as an admin runs it on the machine: on an embedded database with decided
// items, a candidate pack that adds one rule, its JSON report and its usage errors.
describe('recruitwatch backtest', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-backtest-cli-'));
  const env = { DATA_DIR: dataDir, REDIS_URL: redisUrl, QUEUE_PREFIX: uniquePrefix(), LOG_LEVEL: 'silent', DATABASE_URL: '' };
  const pack = candidatePackWithZorblat();
  const newly: string[] = [];

  beforeAll(async () => {
    const database = await openDatabase({ dataDir });
    await database.migrate();
    const scorer = loadScorer({});
    const seed = async (text: string, status: 'confirmed' | 'dismissed') => {
      const r = scorer.score(text);
      return seedDecided(database.db, { text, matches: r.matches, details: r.details, score: r.score, status, packVersion: r.packVersion });
    };
    newly.push(await seed(zorblatText(1), 'confirmed'), await seed(zorblatText(2), 'dismissed'));
    await seed(flaggedText(1), 'confirmed');
    await database.close();
  }, 120_000);
  afterAll(() => {
    pack.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the report as JSON, naming the items the candidate newly flags, and records the run', async () => {
    const res = await runCli(['backtest', '--pack', pack.dir, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.items).toMatchObject({ decided: 3, confirmed: 2, dismissed: 1 });
    expect(report.newlyFlagged.itemIds.sort()).toEqual([...newly].sort());
    expect(report.current.confusion).toEqual({ tp: 1, fp: 0, fn: 1, tn: 1 });
    expect(report.candidate.confusion).toEqual({ tp: 2, fp: 1, fn: 0, tn: 0 });
    expect(report.rules[0]).toEqual({ rule: 'test.zorblat', current: { confirmed: 0, dismissed: 0 }, candidate: { confirmed: 1, dismissed: 1 } });
    const database = await openDatabase({ dataDir });
    try {
      const { backtestRuns } = await import('../../src/db/schema/index.ts');
      const runs = await database.db.select().from(backtestRuns);
      expect(runs).toEqual([expect.objectContaining({ id: report.runId, status: 'done', packDir: pack.dir })]);
    } finally {
      await database.close();
    }
  }, 300_000);

  it('prints a table by default', async () => {
    const res = await runCli(['backtest', '--pack', pack.dir, '--limit', '3'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('newly flagged: 2 (1 confirmed, 1 dismissed)');
    expect(res.stdout).toMatch(/test\.zorblat\s+0\/0 → 1\/1/);
    expect(res.stdout).toMatch(/candidate: candidate pack \w+\s+3\s+0\.667\s+1\.000/);
  }, 300_000);

  it('refuses a missing or invalid pack directory and a bad limit as usage errors (exit 2)', async () => {
    const missing = await runCli(['backtest', '--pack', path.join(dataDir, 'no-such-pack')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--pack: no directory at .*no-such-pack/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-empty-pack-'));
    try {
      const invalid = await runCli(['backtest', '--pack', empty, '--json'], env);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/does not load: .*missing model file/);
      expect(invalid.stdout).toBe('');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    expect((await runCli(['backtest', '--limit', 'many'], env)).code).toBe(2);
  }, 300_000);
});
