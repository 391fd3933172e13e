// The backtest bench's seeding: scores posts in a worker thread, as the pipeline would have, so that
// the stored scores (matches, details, pack version) are the active pack's own.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { loadScorer } = await import('../../src/scoring/index.ts');
const scorer = loadScorer({});
parentPort.on('message', ({ id, texts }) => {
  parentPort.postMessage({ id, results: texts.map((t) => {
    const r = scorer.score(t);
    return { score: r.score, flagged: r.flagged, matches: r.matches, indicators: r.indicators, explanation: r.explanation, details: r.details, packVersion: r.packVersion };
  }) });
});
