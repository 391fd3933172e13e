import type { MessagePort } from 'node:worker_threads';
import { loadScorer, PackError } from '../scoring/index.ts';
import type { Scorer } from '../scoring/types.ts';

/** What the main thread asks for and what the thread answers (structured-clone friendly). */
export interface PackThreadInput { dir: string; threshold: number }
export type PackThreadReady = { ready: true; packVersion: string } | { ready: false; issues: string[] };
export interface ScoreRequest { id: number; texts: string[] }
/** One entry per text: the score, whether it is flagged, the distinct rules that matched, or why scoring it failed. */
export interface ScoredText { score: number; flagged: boolean; rules: string[]; error?: string }
export interface ScoreReply { id: number; results: ScoredText[] }

function load(input: PackThreadInput): { scorer?: Scorer; ready: PackThreadReady } {
  try {
    const scorer = loadScorer({ dir: input.dir, threshold: input.threshold });
    return { scorer, ready: { ready: true, packVersion: scorer.packVersion } };
  } catch (err) {
    const issues = err instanceof PackError ? err.issues.map((i) => `${i.file}:${i.line}: ${i.reason}`) : [(err as Error).message];
    return { ready: { ready: false, issues } };
  }
}

function scoreOne(scorer: Scorer, text: string): ScoredText {
  try {
    const r = scorer.score(text);
    return { score: r.score, flagged: r.flagged, rules: [...new Set(r.matches.map((m) => m.rule))] };
  } catch (err) {
    // one text the scorer cannot take must not end the run: it is counted and shown in the report
    return { score: 0, flagged: false, rules: [], error: (err as Error).message };
  }
}

/** The thread's side: load the pack once, say whether it loaded, then score batches on request. */
export function startPackScoring(port: MessagePort | null, input: PackThreadInput): void {
  if (!port) throw new Error('pack-scoring runs in a worker thread');
  const { scorer, ready } = load(input);
  port.postMessage(ready);
  if (!scorer) return;
  port.on('message', ({ id, texts }: ScoreRequest) => {
    port.postMessage({ id, results: texts.map((t) => scoreOne(scorer, t)) } satisfies ScoreReply);
  });
}
