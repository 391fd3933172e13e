// Runs every benchmark in turn (`npm run bench`): the scorer on one core, then the OCR pool.
// Compare figures within one run: this 2-core machine's load moves absolute numbers a lot.
import { runOcrBench } from './ocr.bench.ts';
import { runScoreBench } from './score.bench.ts';

runScoreBench();
await runOcrBench();
