import type { Worker } from 'bullmq';
import type { Deps } from '../src/deps.ts';

export type WorkerFactory = (deps: Deps) => Worker;
