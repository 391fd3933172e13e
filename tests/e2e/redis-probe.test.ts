import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertRedisAnswers, awaitRedis, RedisUnavailableError } from '../../src/jobs/redis.ts';
import { redisUrl } from '../helpers/redis.ts';

// The start-up probe of every process: it must answer within its time, whatever is on the port.
describe('Redis start-up probe', () => {
  const servers: net.Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  /** A server on a free port that accepts connections and treats them as `onSocket` says. */
  async function fakeServer(onSocket: (s: net.Socket) => void): Promise<string> {
    const server = net.createServer(onSocket);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  it('answers at once for a Redis that is up', async () => {
    await expect(assertRedisAnswers(redisUrl, 2_000)).resolves.toBeUndefined();
  });

  it('gives up with the help text on a server that accepts and never answers', async () => {
    // before: the probe's connect timeout ended at the TCP connect, and it waited for ever
    const url = await fakeServer(() => {});
    const started = Date.now();
    const err = await assertRedisAnswers(url, 500).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect((err as Error).message).toMatch(/is not answering.*REDIS_URL/s);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('gives up on a Redis still loading its data, and on one that hangs up', async () => {
    const loading = await fakeServer((s) => s.on('data', () => s.write('-LOADING Redis is loading the dataset in memory\r\n')));
    await expect(assertRedisAnswers(loading, 500)).rejects.toBeInstanceOf(RedisUnavailableError);
    const hangsUp = await fakeServer((s) => s.destroy());
    await expect(assertRedisAnswers(hangsUp, 500)).rejects.toBeInstanceOf(RedisUnavailableError);
  });

  it('a worker waiting for Redis hears each failed attempt and gives up after its wait', async () => {
    const url = await fakeServer(() => {});
    const waits: number[] = [];
    const started = Date.now();
    // each attempt takes assertRedisAnswers' own 3 s: one wait is heard, the second attempt ends past 4 s
    await expect(awaitRedis(url, 4_000, (waited) => waits.push(waited))).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(waits.length).toBe(1);
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 20_000);
});
