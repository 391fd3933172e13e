import { timingSafeEqual } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics, type LabelValues } from 'prom-client';
import { QUEUE_NAMES } from '../../jobs/contracts.ts';
import { maintenanceQueue } from '../../maintenance/queue.ts';
import { dbFigures, queueFigures, quantile, type DbFigures, type QueueFigures } from '../../observability/cluster-metrics.ts';
import { survivedFailures } from '../../observability/failures.ts';
import { announcedPacks, processName } from '../../observability/process-packs.ts';
import type { ApiDeps } from '../server.ts';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed', 'waiting-children'] as const;
const QUANTILES = [0.5, 0.9, 0.99];
const CACHE_MS = 2_000; // a scrape every few seconds from two Prometheis reads Redis and the database once

interface Snapshot {
  queues: Map<string, QueueFigures>;
  db: DbFigures | null;
  packs: Map<string, string>;
  scanFailures: Map<string, number>;
}

type Setter = (labels: LabelValues<string>, value: number) => void;

/**
 * Prometheus metrics. Process figures and HTTP requests are this process's; queues, OCR, items,
 * reviews, channels and every process's pack version are read from Redis and the database, so any
 * API node answers for the whole deployment. Installed on the root instance so its hook sees every route.
 */
export function installMetrics(app: FastifyInstance, deps: ApiDeps): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'recruitwatch_' });
  registry.registerMetric(survivedFailures);
  const requests = new Counter({ name: 'recruitwatch_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const maintenance = maintenanceQueue(deps.redis, deps.config.QUEUE_PREFIX);
  app.addHook('onClose', () => maintenance.close());
  const queues: Queue[] = [...QUEUE_NAMES.map((n) => deps.queues[n]), maintenance];

  let cached: { at: number; snapshot: Promise<Snapshot> } | null = null;
  const failedRead = (what: string) => (err: Error) => {
    survivedFailures.inc({ stage: `metrics:${what}` });
    deps.log.warn({ err: err.message }, `metrics: could not read ${what}`);
    return null;
  };
  const take = async (): Promise<Snapshot> => {
    const figures = await Promise.all(queues.map((q) => queueFigures(q, STATES).catch(failedRead(`queue ${q.name}`))));
    const scanFailed = await deps.queues.scan.getJobs(['failed'], 0, 999).catch(failedRead('failed scans'));
    const scanFailures = new Map<string, number>();
    for (const job of scanFailed ?? []) if (job?.data?.handle) scanFailures.set(String(job.data.handle).toLowerCase(), (scanFailures.get(String(job.data.handle).toLowerCase()) ?? 0) + 1);
    return {
      queues: new Map(queues.flatMap((q, i) => (figures[i] ? [[q.name, figures[i]!] as const] : []))), // Redis down: /readyz says so; the scrape still answers
      db: await dbFigures(deps.db).catch(failedRead('the database')),
      packs: (await announcedPacks(deps.redis, deps.config.QUEUE_PREFIX).catch(failedRead('pack versions'))) ?? new Map(),
      scanFailures,
    };
  };
  const snapshot = () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), snapshot: take() };
    return cached.snapshot;
  };
  const gauge = (name: string, help: string, labelNames: string[], fill: (s: Snapshot, set: Setter) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        fill(s, (labels, value) => this.set(labels, value));
      },
    });
  const counter = (name: string, help: string, labelNames: string[], fill: (s: Snapshot, set: Setter) => void) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        fill(s, (labels, value) => this.inc(labels, value));
      },
    });
  const quantiles = (values: number[], labels: LabelValues<string>, set: Setter) => {
    if (values.length) for (const q of QUANTILES) set({ ...labels, quantile: String(q) }, quantile(values, q));
  };

  gauge('recruitwatch_queue_jobs', 'BullMQ jobs per queue and state (every process on this Redis)', ['queue', 'state'], (s, set) => {
    for (const [queue, f] of s.queues) for (const state of STATES) set({ queue, state }, f.counts[state] ?? 0);
  });
  gauge('recruitwatch_queue_oldest_waiting_seconds', 'Age of the oldest job waiting for a worker (0 when none waits)', ['queue'], (s, set) => {
    for (const [queue, f] of s.queues) set({ queue }, f.oldestWaitingSeconds);
  });
  counter('recruitwatch_queue_completed_total', 'Jobs completed, every worker process together (BullMQ metrics)', ['queue'], (s, set) => {
    for (const [queue, f] of s.queues) set({ queue }, f.completedTotal);
  });
  counter('recruitwatch_queue_failed_total', 'Job attempts that failed, every worker process together (BullMQ metrics)', ['queue'], (s, set) => {
    for (const [queue, f] of s.queues) set({ queue }, f.failedTotal);
  });
  gauge('recruitwatch_queue_job_seconds', 'Seconds a job ran, quantiles over the last 100 completed jobs', ['queue', 'quantile'], (s, set) => {
    for (const [queue, f] of s.queues) quantiles(f.durations, { queue }, set);
  });
  gauge('recruitwatch_queue_wait_seconds', 'Seconds a job waited for a worker, quantiles over the last 100 completed jobs', ['queue', 'quantile'], (s, set) => {
    for (const [queue, f] of s.queues) quantiles(f.waits, { queue }, set);
  });
  gauge('recruitwatch_ocr_seconds', 'Seconds tesseract took per image, by detected language, quantiles over the last 100 OCR jobs', ['lang', 'quantile'], (s, set) => {
    for (const [lang, seconds] of s.queues.get('ocr')?.ocrSeconds ?? []) quantiles(seconds, { lang }, set);
  });
  gauge('recruitwatch_ocr_images', 'Stored images by detected language and OCR status', ['lang', 'status'], (s, set) => {
    for (const r of s.db?.ocr ?? []) set({ lang: r.lang, status: r.status }, r.n);
  });
  gauge('recruitwatch_ocr_confidence', 'Mean OCR confidence (0-100) of stored images, by detected language', ['lang'], (s, set) => {
    for (const r of s.db?.ocr ?? []) if (r.status === 'done' && r.meanConfidence !== null) set({ lang: r.lang }, r.meanConfidence);
  });
  gauge('recruitwatch_items', 'Stored items by source (use delta() for the rate; retention removes some)', ['source'], (s, set) => {
    for (const r of s.db?.items ?? []) set({ source: r.source }, r.stored);
  });
  gauge('recruitwatch_items_flagged', 'Stored items whose latest score is flagged, by source', ['source'], (s, set) => {
    for (const r of s.db?.items ?? []) set({ source: r.source }, r.flagged);
  });
  counter('recruitwatch_review_decisions_total', 'Reviewer decisions by outcome (from the append-only review log)', ['outcome'], (s, set) => {
    for (const r of s.db?.decisions ?? []) set({ outcome: r.outcome }, r.n);
  });
  gauge('recruitwatch_review_decision_seconds', 'Seconds from a case opening to its decision, quantiles over cases decided in the last 7 days', ['quantile'], (s, set) => {
    quantiles(s.db?.decisionSeconds ?? [], {}, set);
  });
  gauge('recruitwatch_review_cases', 'Review cases by status', ['status'], (s, set) => {
    for (const r of s.db?.openCases ?? []) set({ status: r.status }, r.n);
  });
  gauge('recruitwatch_channel_scan_failing', '1 when a watched channel\'s last scan did not succeed (status says why)', ['channel', 'status'], (s, set) => {
    for (const c of s.db?.channels ?? []) set({ channel: c.handle, status: c.status }, c.failing ? 1 : 0);
  });
  gauge('recruitwatch_channel_scan_failed_jobs', 'Scan jobs of a channel that failed all their attempts (kept 7 days)', ['channel'], (s, set) => {
    for (const [channel, n] of s.scanFailures) set({ channel }, n);
  });
  gauge('recruitwatch_pack_info', 'The pattern pack this process scores with (value 1, version as a label)', ['version'], (_s, set) => set({ version: deps.scorer.packVersion }, 1));
  gauge('recruitwatch_process_pack_info', 'The pattern pack every running serve/worker process scores with (value 1)', ['process', 'version'], (s, set) => {
    for (const [process, version] of s.packs) set({ process, version }, 1);
    if (!s.packs.has(processName)) set({ process: processName, version: deps.scorer.packVersion }, 1);
  });

  app.addHook('onResponse', async (req, reply) => {
    requests.inc({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });
  const token = deps.config.METRICS_TOKEN ? Buffer.from(`Bearer ${deps.config.METRICS_TOKEN}`) : null;
  const guard = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!token) return;
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== token.length || !timingSafeEqual(given, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
    }
  };
  app.get(
    '/metrics',
    { onRequest: guard, config: { docs: { summary: 'Prometheus metrics', description: 'Open unless METRICS_TOKEN is set; then it needs Authorization: Bearer <METRICS_TOKEN> (not a user token).', access: 'public' } } },
    async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}
