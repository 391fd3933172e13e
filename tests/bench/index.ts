// Runs every benchmark in turn (`npm run bench`): the scorer on one core (generated posts, then the
// real messages in ../shared/datasets against their I/O floor), then the OCR pool.
// Compare figures within one run: this 2-core machine's load moves absolute numbers a lot.
import { runOcrBench } from './ocr.bench.ts';
import { runScoreBench } from './score.bench.ts';
import { spawnSync } from 'node:child_process';

runScoreBench();
// its own process: a second compiled pack in this one would slow V8's regexes (see pack/compile.ts)
const real = spawnSync(process.execPath, ['--import', 'tsx', new URL('./score-real.bench.ts', import.meta.url).pathname], { stdio: 'inherit' });
if (real.status !== 0) throw new Error(`score-real bench failed (${real.status ?? real.signal})`);
await runOcrBench();
