// `score --jsonl` on real messages (../shared/datasets), one core, against its I/O floor in the
// same run: per line, the floor parses the JSON, NFKC-normalises the text and writes a line; the
// scorer runs the CLI's own line function (src/cli/commands/score.ts) with the shipped pack and
// model. Both read the same lines from memory and write into one buffer, so the ratio is the
// scorer's share of the work and holds when the machine's speed drifts (rounds alternate).
// `npm run bench:score-real` (BENCH_ROUNDS, default 5). Pack loading is reported apart: it is paid
// once per process, not per post.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadScorer } from '../../src/scoring/index.ts';
import { readDataset } from '../../src/scoring/eval/eval-datasets.ts';
import { scoreJsonlLine } from '../../src/cli/commands/score.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../shared/datasets');
const SETS = [
  ['sms-spam-collection', 'SMSSpamCollection.tsv'],
  ['tg-spam-umputun', 'ham-samples.txt'],
  ['tg-spam-umputun', 'spam-samples.txt'],
  ['swahili-bongo-scam', 'bongo_scam.csv'],
  ['tg-news-ru', 'posts.jsonl'],
] as const;

const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function floorLine(line: string): string {
  const o = JSON.parse(line) as { id: unknown; text: string };
  return JSON.stringify({ id: o.id, text: o.text.normalize('NFKC') });
}

// every output line is kept until the pass ends, as a write buffer would hold it
function pass(lines: string[], fn: (line: string, i: number) => string): number {
  const out: string[] = new Array(lines.length);
  const t = cpuUs();
  for (let i = 0; i < lines.length; i++) out[i] = fn(lines[i], i + 1);
  const us = cpuUs() - t;
  if (out.length !== lines.length) throw new Error('lost lines');
  return us;
}

export function runScoreRealBench(rounds = Number(process.env.BENCH_ROUNDS ?? 5)): void {
  const present = SETS.filter(([dir, file]) => existsSync(path.join(SHARED, dir, file)));
  if (!present.length) {
    process.stdout.write(`score-real: skipped, no real message sets under ${SHARED} (see each set's SOURCE.md)\n`);
    return;
  }
  const before = cpuUs();
  const scorer = loadScorer();
  const loadMs = (cpuUs() - before) / 1000;
  const sets = present.map(([dir, file]) => {
    const { items } = readDataset(path.join(SHARED, dir, file));
    const lines = items.map((it, i) => JSON.stringify({ id: `${dir}/${i}`, text: it.text }));
    const chars = items.reduce((s, it) => s + it.text.length, 0);
    return { name: `${dir}/${file}`, lines, avg: chars / items.length };
  });
  const all = sets.flatMap((s) => s.lines);
  const score = (line: string, n: number) => scoreJsonlLine(scorer, line, n).out;
  for (const s of sets) pass(s.lines, score); // warm-up (JIT)
  process.stdout.write(`score-real: pack and model loaded in ${loadMs.toFixed(0)} ms CPU; ${rounds} alternating rounds, medians\n`);
  for (const s of [...sets, { name: 'all of the above', lines: all, avg: NaN }]) {
    const floor: number[] = [];
    const scored: number[] = [];
    for (let r = 0; r < rounds; r++) {
      floor.push(pass(s.lines, floorLine));
      scored.push(pass(s.lines, score));
    }
    const f = median(floor);
    const sc = median(scored);
    const perSec = (us: number) => ((s.lines.length / us) * 1e6).toFixed(0);
    const avg = Number.isNaN(s.avg) ? '' : `, ~${s.avg.toFixed(0)} chars`;
    process.stdout.write(`  ${s.name.padEnd(40)} ${String(s.lines.length).padStart(6)} posts${avg}: score ${perSec(sc)} posts/s (${(sc / s.lines.length).toFixed(1)} µs), floor ${perSec(f)} posts/s, ${(f / sc).toFixed(3)} of the floor\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runScoreRealBench();
