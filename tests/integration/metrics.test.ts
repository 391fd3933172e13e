import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

const METRICS_TOKEN = 'metrics-token-0123456789';

/** The value of one sample line, e.g. value(text, 'recruitwatch_items{source="api"}'); undefined when absent. */
function value(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(sample + ' '));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe('/metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await t?.close();
  });
  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('needs METRICS_TOKEN when one is configured (a user token is not it)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${t.token}` } })).statusCode).toBe(401);
  });

  it('answers the operator\'s questions, and the figures move after work', async () => {
    const before = await scrape();
    for (const name of ['recruitwatch_process_cpu_seconds_total', 'recruitwatch_queue_jobs', 'recruitwatch_queue_oldest_waiting_seconds', 'recruitwatch_pack_info', 'recruitwatch_process_pack_info']) {
      expect(before).toContain(`# TYPE ${name} `);
    }
    expect(value(before, `recruitwatch_pack_info{version="${t.deps.scorer.packVersion}"}`)).toBe(1);
    expect(value(before, 'recruitwatch_items{source="api"}')).toBeUndefined();

    const post = (externalId: string, text: string) =>
      t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { externalId, text } });
    const flagged = (await post('m1', 'Drone operators and drivers wanted for the Russian army, $20,000 signing bonus, free flight to Moscow. WhatsApp +374 55 765432')).json().itemId;
    await post('m2', 'Rain again in Tbilisi');
    const item = await waitFor('the case', async () => (await t.app.inject({ method: 'GET', url: `/api/items/${flagged}`, headers: { authorization: `Bearer ${t.token}` } })).json().review);
    await t.app.inject({ method: 'POST', url: `/api/review/cases/${item.caseId}/claim`, headers: { authorization: `Bearer ${t.token}` } });
    const decided = await t.app.inject({ method: 'POST', url: `/api/review/cases/${item.caseId}/decision`, headers: { authorization: `Bearer ${t.token}` }, payload: { decision: 'confirmed' } });
    expect(decided.statusCode).toBe(200);

    const after = await waitFor('the figures to move', async () => {
      const text = await scrape();
      return value(text, 'recruitwatch_items{source="api"}') === 2 && value(text, 'recruitwatch_review_decisions_total{outcome="confirmed"}') === 1 ? text : null;
    });
    expect(value(after, 'recruitwatch_items_flagged{source="api"}')).toBe(1);
    expect(value(after, 'recruitwatch_queue_completed_total{queue="ingest"}')).toBeGreaterThanOrEqual(2);
    expect(value(after, 'recruitwatch_queue_job_seconds{queue="ingest",quantile="0.5"}')).toBeGreaterThanOrEqual(0);
    expect(value(after, 'recruitwatch_review_decision_seconds{quantile="0.5"}')).toBeGreaterThanOrEqual(0);
    expect(value(after, 'recruitwatch_review_cases{status="confirmed"}')).toBe(1);
    expect(value(after, 'recruitwatch_queue_oldest_waiting_seconds{queue="ingest"}')).toBe(0);
    expect(value(after, 'recruitwatch_http_requests_total{method="POST",route="/api/posts",status="202"}')).toBe(2);
  });

  it('shows how old the oldest waiting job is', async () => {
    await t.deps.queues.scan.pause(); // nothing takes it
    try {
      await t.deps.queues.scan.add('scan', { handle: 'no_such_channel_x' }, { jobId: 'metrics-test-scan' });
      const aged = await waitFor('an aged waiting job', async () => {
        const s = await scrape();
        return (value(s, 'recruitwatch_queue_oldest_waiting_seconds{queue="scan"}') ?? 0) > 0 ? s : null;
      });
      expect(value(aged, 'recruitwatch_queue_oldest_waiting_seconds{queue="scan"}')).toBeLessThan(60);
    } finally {
      await t.deps.queues.scan.obliterate({ force: true });
    }
  });
});
