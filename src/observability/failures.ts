import { Counter } from 'prom-client';

// Failures that are survived (a stage falls back, a status write fails) are counted here, so
// /metrics shows them even when no job fails. Process-wide: every server in the process reports it.
export const survivedFailures = new Counter({
  name: 'recruitwatch_survived_failures_total',
  help: 'Failures survived with a fallback or left for a retry, by where they happened',
  labelNames: ['stage'],
  registers: [],
});
