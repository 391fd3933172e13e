import net from 'node:net';

/**
 * A TCP proxy that counts what clients send: PostgreSQL statements (Execute and simple Query
 * messages, and Parse messages to see how many are parsed anew) or Redis commands (top-level RESP
 * arrays), plus writes (a write is at least one round trip's worth of sending). The benchmark
 * puts one in front of PostgreSQL and one in front of Redis, so the counts are of our traffic only.
 */
export interface WireCounts {
  statements: number; // PostgreSQL: Execute + Query; Redis: commands
  parses: number; // PostgreSQL only
  writes: number;
}

export async function startCountingProxy(target: { host: string; port: number }, protocol: 'postgres' | 'redis'): Promise<{ port: number; counts: WireCounts; close(): Promise<void> }> {
  const counts: WireCounts = { statements: 0, parses: 0, writes: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const parse = protocol === 'postgres' ? postgresCounter(counts) : redisCounter(counts);
    client.on('data', (chunk) => {
      counts.writes++;
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Frontend messages: an untyped startup message, then type byte + int32 length (which counts itself). */
function postgresCounter(counts: WireCounts): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    let at = 0;
    for (;;) {
      if (!started) {
        if (buffered.length - at < 4) break;
        const len = buffered.readInt32BE(at);
        if (buffered.length - at < len) break;
        const code = buffered.readInt32BE(at + 4);
        at += len;
        if (code !== 80877103) started = true; // an SSLRequest is followed by the real startup message
        continue;
      }
      if (buffered.length - at < 5) break;
      const type = String.fromCharCode(buffered[at]);
      const len = buffered.readInt32BE(at + 1);
      if (buffered.length - at < 1 + len) break;
      if (type === 'E' || type === 'Q') counts.statements++;
      if (type === 'P') counts.parses++;
      at += 1 + len;
    }
    buffered = buffered.subarray(at);
  };
}

/** Commands are RESP arrays of bulk strings: `*N\r\n` then N times `$len\r\n<bytes>\r\n`. */
function redisCounter(counts: WireCounts): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  const line = (from: number): [string, number] | null => {
    const end = buffered.indexOf('\r\n', from);
    return end < 0 ? null : [buffered.toString('latin1', from, end), end + 2];
  };
  return (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    let at = 0;
    outer: for (;;) {
      const head = line(at);
      if (!head) break;
      if (!head[0].startsWith('*')) {
        at = head[1]; // an inline command
        counts.statements++;
        continue;
      }
      let pos = head[1];
      for (let i = Number(head[0].slice(1)); i > 0; i--) {
        const bulk = line(pos);
        if (!bulk) break outer;
        pos = bulk[1] + Number(bulk[0].slice(1)) + 2;
        if (pos > buffered.length) break outer;
      }
      counts.statements++;
      at = pos;
    }
    buffered = buffered.subarray(at);
  };
}
