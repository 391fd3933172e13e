import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

// bull-board at /admin/queues: admins only, by token or session; retry and clean failed jobs from it.
describe('the queue dashboard', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};

  const signIn = async (name: string, password: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/login', payload: `name=${name}&password=${encodeURIComponent(password)}`, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80' } });
    expect(res.statusCode).toBe(303);
    return String(res.headers['set-cookie']).split(';')[0];
  };
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const asAdmin = { authorization: '' };

  beforeAll(async () => {
    t = await startTestApp({ workers: ['score'] });
    asAdmin.authorization = `Bearer ${t.token}`;
    for (const role of ['reviewer', 'moderator', 'viewer'] as const) {
      tokens[role] = (await addUser(t.deps.db, { name: `${role}-1`, role, password: `${role} password 123` })).token;
    }
    await addUser(t.deps.db, { name: 'ada', role: 'admin', password: 'admin password 123' });
    cookies.reviewer = await signIn('reviewer-1', 'reviewer password 123');
    cookies.admin = await signIn('ada', 'admin password 123');
  });
  afterAll(async () => t?.close());

  it('sends a browser without a session to /login and answers 401 to anything else', async () => {
    const page = await get('/admin/queues', { accept: 'text/html,application/xhtml+xml' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login');
    expect((await get('/admin/queues')).statusCode).toBe(401);
    expect((await get('/admin/queues/api/queues')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/score/clean/failed' })).statusCode).toBe(401);
    expect((await get('/admin/queues/api/queues', { authorization: 'Bearer rw_not-a-token' })).statusCode).toBe(401);
  });

  it('refuses reviewers, moderators and viewers with 403, by token or by session', async () => {
    for (const role of ['reviewer', 'moderator', 'viewer']) {
      const res = await get('/admin/queues/api/queues', { authorization: `Bearer ${tokens[role]}` });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().message).toMatch(/admins only/);
    }
    expect((await get('/admin/queues', { cookie: cookies.reviewer, accept: 'text/html' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/score/clean/failed', headers: { cookie: cookies.reviewer } })).statusCode).toBe(403);
  });

  it('shows an admin the page (token or session), with every queue and nothing loaded from elsewhere', async () => {
    for (const headers of [asAdmin, { cookie: cookies.admin }]) {
      const page = await get('/admin/queues', { ...headers, accept: 'text/html' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<div id="root">/);
      expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(page.headers['content-security-policy']).not.toMatch(/https?:/);
      expect(page.body).not.toMatch(/https?:\/\//); // bull-board's Google Fonts link is taken out
      const script = /src="(static\/js\/main[^"]+)"/.exec(page.body)![1];
      expect((await get(`/admin/queues/${script}`, headers)).statusCode).toBe(200);
    }
    const queues = (await get('/admin/queues/api/queues', asAdmin)).json().queues.map((q: { name: string }) => q.name).sort();
    expect(queues).toEqual(['ingest', 'maintenance', 'ocr', 'scan', 'score']);
  });

  it('retries and cleans failed jobs for an admin, and refuses a change sent from another site', async () => {
    const worker = t.workers.find((w) => w.name === 'score')!;
    let failures = 0;
    worker.on('failed', (job) => { if (job?.id === 'dashboard-bad') failures++; });
    await t.deps.queues.score.add('score', { itemId: 'not-a-uuid', revision: 'x' }, { jobId: 'dashboard-bad' });
    const failedCount = async () => (await get('/admin/queues/api/queues?activeQueue=score&status=failed', asAdmin)).json().queues.find((q: { name: string }) => q.name === 'score').counts.failed;
    await waitFor('the job in the failed set', async () => (await failedCount()) === 1);
    expect(failures).toBe(1);

    const foreign = await t.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/score/retry/failed', headers: { cookie: cookies.admin, origin: 'https://evil.example' } });
    expect(foreign.statusCode).toBe(403);

    const retry = await t.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/score/retry/failed', headers: { cookie: cookies.admin, origin: 'http://localhost:80' } });
    expect(retry.statusCode).toBe(200);
    await waitFor('the retried job to run again', async () => failures === 2 && (await failedCount()) === 1);

    // "Clean all" spares jobs that failed in the last 5 s (bull-board's grace time); one job's clean removes it now
    const clean = await t.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/score/dashboard-bad/clean', headers: asAdmin });
    expect(clean.statusCode).toBe(204);
    expect(await failedCount()).toBe(0);
    expect(await t.deps.queues.score.getJob('dashboard-bad')).toBeUndefined();
  });
});
