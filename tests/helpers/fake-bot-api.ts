import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait.ts';

// A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api): the methods the
// bot calls, long polling with offsets, files, and a record of everything the bot said.

export const FAKE_TOKEN = '123456789:TEST-fake_token-AAAA';
const LONG_POLL_MS = 300; // Telegram holds getUpdates up to `timeout` s; tests need it short

type Json = Record<string, unknown>;

export interface SentMessage {
  chat_id: number | string;
  text: string;
  reply_parameters?: { message_id: number };
}

export interface FakeBotApi {
  apiRoot: string;
  token: string;
  sent: SentMessage[];
  calls: Array<{ method: string; body: Json }>;
  /** paths of the file downloads asked for */
  downloads: string[];
  /** the highest offset getUpdates was called with: every update below it is confirmed */
  confirmedOffset(): number;
  /** queues updates for getUpdates, as Telegram would after they happened */
  push(...updates: Json[]): void;
  /** delivers an update again whatever the offset, like Telegram after a crash mid-batch */
  redeliver(update: Json): void;
  /** a file the bot may fetch with getFile and download (or whose download answers `downloadStatus`) */
  addFile(fileId: string, bytes: Buffer, opts?: { downloadStatus?: number }): void;
  waitForSent(chatId: number, match: RegExp, timeoutMs?: number): Promise<SentMessage>;
  close(): Promise<void>;
}

export async function startFakeBotApi(opts: { token?: string; botId?: number } = {}): Promise<FakeBotApi> {
  const token = opts.token ?? FAKE_TOKEN;
  const state = new FakeState(opts.botId ?? Number(token.split(':')[0]));
  const server = http.createServer((req, res) => {
    route(state, token, req, res).catch((err) => reply(res, 500, { ok: false, error_code: 500, description: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiRoot,
    token,
    sent: state.sent,
    calls: state.calls,
    downloads: state.downloads,
    confirmedOffset: () => state.offset,
    push: (...updates) => state.push(updates, false),
    redeliver: (update) => state.push([update], true),
    addFile: (fileId, bytes, o = {}) => state.files.set(fileId, { path: `photos/${fileId.slice(0, 24)}.bin`, bytes, status: o.downloadStatus ?? 200 }),
    waitForSent: (chatId, match, timeoutMs = 30_000) =>
      waitFor(`the bot to say ${match} to ${chatId}`, async () => state.sent.find((m) => Number(m.chat_id) === chatId && match.test(m.text)), timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        state.wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

class FakeState {
  sent: SentMessage[] = [];
  calls: Array<{ method: string; body: Json }> = [];
  files = new Map<string, { path: string; bytes: Buffer; status: number }>();
  downloads: string[] = [];
  offset = 0;
  private pending: Json[] = [];
  private forced: Json[] = [];
  private waiters = new Set<() => void>();
  private nextMessageId = 1;

  constructor(readonly botId: number) {}

  push(updates: Json[], forced: boolean) {
    (forced ? this.forced : this.pending).push(...updates);
    this.wake();
  }

  wake() {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  /** Updates at or above the offset, oldest first; what is below the offset is confirmed and dropped. */
  take(offset: number, limit: number): Json[] {
    if (offset > this.offset) this.offset = offset;
    this.pending = this.pending.filter((u) => (u.update_id as number) >= this.offset);
    return [...this.forced.splice(0), ...this.pending].slice(0, limit);
  }

  async getUpdates(body: Json, req: IncomingMessage): Promise<Json[]> {
    const offset = Number(body.offset ?? 0);
    const limit = Number(body.limit ?? 100);
    const updates = this.take(offset, limit);
    if (updates.length || !Number(body.timeout)) return updates;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, LONG_POLL_MS);
      this.waiters.add(done);
      req.once('close', done);
    });
    return this.take(offset, limit);
  }

  sendMessage(body: Json): Json {
    this.sent.push(body as unknown as SentMessage);
    return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, text: body.text };
  }
}

async function route(state: FakeState, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
  if (file) {
    const found = [...state.files.values()].find((f) => f.path === file[2]);
    if (file[1] !== token || !found) return void res.writeHead(404).end();
    state.downloads.push(file[2]);
    if (found.status !== 200) return void res.writeHead(found.status).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(found.bytes.length) });
    return void res.end(found.bytes);
  }
  const call = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
  if (!call || call[1] !== token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
  const body = await readJson(req, url);
  const method = call[2];
  state.calls.push({ method, body });
  const result = await answer(state, method, body, req);
  if (result === undefined) return reply(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${method} failed` });
  reply(res, 200, { ok: true, result });
}

async function answer(state: FakeState, method: string, body: Json, req: IncomingMessage): Promise<unknown> {
  switch (method) {
    case 'getMe':
      return { id: state.botId, is_bot: true, first_name: 'recruitwatch test', username: 'rw_test_bot' };
    case 'deleteWebhook':
    case 'setWebhook':
      return true;
    case 'getUpdates':
      return state.getUpdates(body, req);
    case 'sendMessage':
      return state.sendMessage(body);
    case 'getFile': {
      const f = state.files.get(String(body.file_id));
      return f ? { file_id: body.file_id, file_unique_id: `u-${body.file_id}`, file_size: f.bytes.length, file_path: f.path } : undefined;
    }
    default:
      return undefined;
  }
}

async function readJson(req: IncomingMessage, url: URL): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw && (req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw) as Json;
  return Object.fromEntries(url.searchParams);
}

function reply(res: ServerResponse, status: number, body: Json): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
