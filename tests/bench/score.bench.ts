// Scores a generated corpus of ~300-character posts on one core; prints posts/s and p99 µs.
// `npm run bench:score` (BENCH_POSTS=N to change the corpus size).
import { DEFAULT_THRESHOLD, defaultPatternDir } from '../../src/scoring/index.ts';
import { foldPattern, normalize, toOriginalSpan } from '../../src/scoring/normalise/normalise.ts';
import { createScorer } from '../../src/scoring/engine.ts';
import type { CompiledPack } from '../../src/scoring/pack/compile.ts';
import { extractIndicators } from '../../src/scoring/indicators/indicators.ts';
import { loadPack } from '../../src/scoring/pack/pack.ts';

// Mostly ordinary chat with some recruiter, news and job-ad fragments, as in a real feed.
const FRAGMENTS = [
  'Hello everyone, the meeting is moved to Thursday at 10am.', 'Can someone recommend a good DNS host?',
  'Contract with the Russian army for foreign citizens, bonus $20,000.', 'Write on WhatsApp +374 55 123456.',
  'Военная служба по контракту для иностранцев, выплата 1 млн рублей.', 'Пишите в личку @kontrakt_bot.',
  'استخدام در ارتش روسیه، پاداش ۲۰ هزار دلار.', 'تماس واتساپ ۰۹۱۲۱۲۳۴۵۶۷',
  'रूस में आर्मी हेल्पर की नौकरी, सैलरी 2 लाख।', 'Kazi Urusi, mshahara dola 2,500 kwa mwezi.',
  'Heavy truck drivers needed in Dubai, licensed agency, no fees.', 'According to Reuters, recruiters promised a bonus.',
  'Trabajo en Rusia para cubanos, escríbenos.', 'Recrutement pour l’armée russe, prime à la signature.',
  'Спасибо всем, кто пришёл на митап!', 'Happy birthday! Call me when you are free.',
  'مطلوب سائقين لشركة نقل في دبي', 'Study MBBS in Russia, low fees.', 'See you at the station at 7.',
];

const BENIGN = FRAGMENTS.filter((f) => !/army|армии|контракт|ارتش|आर्मी|Urusi|Rusia|armée|WhatsApp|واتساپ|личку/i.test(f));

export function corpus(n: number): string[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let t = '';
    const pool = rnd() < 0.85 ? BENIGN : FRAGMENTS;
    while (t.length < 300) t += `${pool[Math.floor(rnd() * pool.length)]} `;
    out.push(t.slice(0, 300));
  }
  return out;
}

export function runScoreBench(n = Number(process.env.BENCH_POSTS ?? 30_000)): { postsPerSec: number; p99us: number } {
  // one pack for the scorer and the stage breakdown: a second copy in the process slows V8's
  // regexes (see the matcher note in compile.ts), and a score worker holds one pack
  const pack = loadPack(defaultPatternDir, { normalize, foldPattern });
  const scorer = createScorer(pack, DEFAULT_THRESHOLD, { normalize, toOriginalSpan, extractIndicators });
  const posts = corpus(n);
  for (let i = 0; i < Math.min(2000, n); i++) scorer.score(posts[i]); // warm-up (JIT)
  const times = new Float64Array(n);
  let flagged = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    if (scorer.score(posts[i]).flagged) flagged++;
    times[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  times.sort();
  const postsPerSec = n / total;
  const p99us = times[Math.floor(n * 0.99)];
  stageBreakdown(pack, posts, scorer.score);
  process.stdout.write(`score: ${n} posts of ~300 chars, ${postsPerSec.toFixed(0)} posts/s, p50 ${times[Math.floor(n / 2)].toFixed(1)} µs, p99 ${p99us.toFixed(1)} µs, ${flagged} flagged (pack ${scorer.packVersion})\n`);
  return { postsPerSec, p99us };
}

const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };

// CPU µs per post for each stage (cpuUsage, not wall time: the machine is shared), in one run.
function stageBreakdown(pack: CompiledPack, posts: string[], score: (t: string) => unknown): void {
  const norms = posts.map((p) => normalize(p));
  const stage = (fn: (i: number) => unknown) => {
    const t = cpuUs();
    for (let i = 0; i < posts.length; i++) fn(i);
    return (cpuUs() - t) / posts.length;
  };
  const parts = {
    normalize: stage((i) => normalize(posts[i])),
    match: stage((i) => pack.match(norms[i].text)),
    indicators: stage((i) => extractIndicators(posts[i], norms[i])),
    total: stage((i) => score(posts[i])),
  };
  const rest = parts.total - parts.normalize - parts.match - parts.indicators;
  const fmt = Object.entries({ ...parts, rest }).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
  process.stdout.write(`score stages (CPU µs/post): ${fmt}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) runScoreBench();
