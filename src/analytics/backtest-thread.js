// Runs in a worker thread: a backtest scores up to every decided item with one pattern pack. The
// thread keeps that CPU off the event loop of the process that asked (the API's, for the admin
// page), and holds its own pack: two compiled packs in one isolate make V8's regexes ~3x slower
// (see compile.ts). The scorer is TypeScript, so the thread loads tsx as the CLI does.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { startPackScoring } = await import('./pack-scoring.ts');
startPackScoring(parentPort, workerData);
