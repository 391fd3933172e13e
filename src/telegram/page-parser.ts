import { Worker } from 'node:worker_threads';
import type { ChannelPage } from './channel-page.ts';

/** Longer than the largest page the byte and character caps admit takes here (~2 s), short enough that a crafted page cannot hold a scan job. */
export const PAGE_PARSE_BUDGET_MS = 20_000;

interface Pending { resolve(page: ChannelPage): void; reject(err: Error): void; timer: NodeJS.Timeout }

/**
 * One long-lived parsing thread per process, started on first use (loading tsx and cheerio there
 * takes a moment, once). Pages are parsed one after another; a parse over its budget, or a thread
 * that dies, fails the pages it held and the next page starts a fresh thread.
 */
class PageParserThread {
  private worker: Worker | undefined;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  parse(html: string, baseUrl: string | undefined, budgetMs: number): Promise<ChannelPage> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(worker, new Error(`parsing the page took over ${budgetMs} ms`)), budgetMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, html, baseUrl });
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL('./channel-page-thread.js', import.meta.url));
    worker.unref(); // an idle parser never keeps a process alive
    worker.on('message', ({ id, page }: { id: number; page: ChannelPage }) => {
      const p = this.pending.get(id);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.resolve(page);
    });
    worker.on('error', (err) => this.fail(worker, err));
    worker.on('exit', (code) => this.fail(worker, new Error(`the page parsing thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** Fails everything the thread held and drops it; terminate() is a no-op on a thread already gone. */
  private fail(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    void worker.terminate();
  }
}

const thread = new PageParserThread();

/** parseChannelPage, off the event loop, with a time budget. */
export function parseChannelPageOffThread(html: string, opts: { baseUrl?: string } = {}, budgetMs = PAGE_PARSE_BUDGET_MS): Promise<ChannelPage> {
  return thread.parse(html, opts.baseUrl, budgetMs);
}
