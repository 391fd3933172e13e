// Runs every benchmark in turn (`npm run bench`).
import { runScoreBench } from './score.bench.ts';

runScoreBench();
