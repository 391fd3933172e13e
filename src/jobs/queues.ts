import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { contracts, QUEUE_NAMES, retention, type QueueName } from './contracts.ts';

export type Queues = Record<QueueName, Queue> & { flows: FlowProducer; close(): Promise<void> };

export function createQueues(connection: Redis, prefix: string): Queues {
  const entries = QUEUE_NAMES.map((name) => [
    name,
    new Queue(contracts[name].name, {
      connection,
      prefix,
      skipWaitingForReady: true, // an HTTP request should fail fast, not wait for Redis
      defaultJobOptions: { ...retention, ...contracts[name].options },
    }),
  ]);
  const queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  const flows = new FlowProducer({ connection, prefix });
  return {
    ...queues,
    flows,
    async close() {
      await Promise.all([...Object.values(queues).map((q) => q.close()), flows.close()]);
    },
  };
}
