import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { redisSessions } from '../../src/web/sessions.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { candidatePackWithZorblat, flaggedText, zorblatText } from '../helpers/candidate-pack.ts';
import { seedDecided } from '../helpers/decided.ts';
import { waitFor } from '../helpers/wait.ts';

// The admin pages over HTTP: only admins get them, the chart is an accessible SVG with no inline
// style or script, and the backtest form refuses anything but a server directory that holds a pack.
describe('the analytics and backtest pages', () => {
  let t: TestApp;
  let pack: ReturnType<typeof candidatePackWithZorblat>;
  const who: Record<string, { cookie: string; csrf: string }> = {};

  async function signedIn(name: string, role: 'admin' | 'reviewer' | 'viewer') {
    const { user } = await addUser(t.deps.db, { name, role, password: `${name} correct horse battery` });
    const sessions = redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX);
    const id = await sessions.create(user.id);
    who[name] = { cookie: `rw_session=${id}`, csrf: (await sessions.session(id))!.csrf };
  }
  const get = (name: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: who[name].cookie } });
  const post = (name: string, url: string, form: Record<string, string>) => t.app.inject({
    method: 'POST', url, headers: { cookie: who[name].cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: who[name].csrf, ...form }).toString(),
  });

  beforeAll(async () => {
    t = await startTestApp({ workers: [] });
    pack = candidatePackWithZorblat();
    for (const [i, status] of (['confirmed', 'dismissed', 'confirmed'] as const).entries()) {
      const text = i < 2 ? zorblatText(i) : flaggedText(i);
      const r = t.deps.scorer.score(text);
      await seedDecided(t.deps.db, { text, matches: r.matches, details: r.details, score: r.score, status, packVersion: r.packVersion });
    }
    await signedIn('ada', 'admin');
    await signedIn('rita', 'reviewer');
    await signedIn('vic', 'viewer');
  });
  afterAll(async () => {
    pack?.remove();
    await t?.close();
  });

  it('shows admins the rules table and an accessible SVG chart, and refuses everyone else', async () => {
    const res = await get('ada', '/admin/analytics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const body = res.body;
    expect(body).toMatch(/<svg class="chart" id="precision-chart" role="img" aria-labelledby="precision-chart-title precision-chart-desc"/);
    expect(body).toContain('<title id="precision-chart-title">Precision of each rule on decided items, with its 95% interval</title>');
    expect(body).toMatch(/<table id="rules"><caption>/);
    expect(body).toMatch(/<tr data-stat="mil\.en\.army"><th scope="row"><code>mil\.en\.army<\/code><\/th><td>MIL-ROLE<\/td><td>1<\/td><td>0<\/td><td class="score">100\.0%<\/td>/);
    expect(body).toContain('<svg class="chart" id="trend-chart"');
    expect(body).not.toMatch(/\sstyle=|<style|<script(?! src="\/assets\/workspace\.js")/);
    expect(body).toContain('href="/admin/analytics"'); // in the nav
    const trend = await get('ada', '/admin/analytics?rule=bonus.en&weeks=4');
    expect(trend.body).toContain('Weekly trend: rule bonus.en');
    for (const name of ['rita', 'vic']) {
      expect((await get(name, '/admin/analytics')).statusCode).toBe(403);
      expect((await get(name, '/admin/backtest')).statusCode).toBe(403);
      expect((await post(name, '/admin/backtest', { pack: pack.dir })).statusCode).toBe(403);
      expect((await get(name, '/review')).body).not.toContain('/admin/analytics');
    }
    expect((await get('ada', '/admin/analytics?weeks=0')).statusCode).toBe(400);
  });

  it('refuses a relative path, a missing directory and a pack that does not load, saying why', async () => {
    const relative = await post('ada', '/admin/backtest', { pack: 'src/scoring/patterns' });
    expect(relative.statusCode).toBe(400);
    expect(relative.body).toContain('absolute directory on the server');
    const missing = await post('ada', '/admin/backtest', { pack: `${pack.dir}/nope` });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain(`There is no directory ${pack.dir}/nope on the server.`);
    const file = await post('ada', '/admin/backtest', { pack: `${pack.dir}/zorblat.yaml` });
    expect(file.body).toContain('is not a directory');
    const notAPack = await post('ada', '/admin/backtest', { pack: '/tmp' });
    expect(notAPack.statusCode).toBe(400);
    expect(notAPack.body).toContain('/tmp holds no model.yaml: it is not a pattern pack.');
    const noCsrf = await t.app.inject({ method: 'POST', url: '/admin/backtest', headers: { cookie: who.ada.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `pack=${encodeURIComponent(pack.dir)}` });
    expect(noCsrf.statusCode).toBe(403);
    expect((await get('ada', '/admin/backtest')).body).toContain('No backtest yet.');
  });

  it('shows a pack the loader refuses as a failed run, with the file and line', async () => {
    const broken = `${pack.dir}-broken`;
    fs.cpSync(pack.dir, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'zorblat.yaml'), "patterns:\n- id: test.bad\n  category: 'NO-SUCH'\n  lang: en\n  terms: ['x']\n  examples: { match: ['x'], nomatch: ['y'] }\n");
    try {
      const res = await post('ada', '/admin/backtest', { pack: broken });
      expect(res.statusCode).toBe(303);
      const failed = await waitFor('the run to fail', async () => {
        const page = await get('ada', res.headers.location as string);
        return /data-run-status>failed</.test(page.body) ? page.body : undefined;
      }, 120_000);
      expect(failed).toMatch(/role="alert">the pack in [^<]*-broken does not load: [^<]*zorblat\.yaml:2: unknown category NO-SUCH/);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  }, 180_000);

  it('runs a backtest in the background and shows its result', async () => {
    const res = await post('ada', '/admin/backtest', { pack: pack.dir });
    expect(res.statusCode, res.body).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/admin\/backtest\?run=[0-9a-f-]{36}$/);
    const done = await waitFor('the backtest to finish', async () => {
      const page = await get('ada', location);
      return /data-run-status>done</.test(page.body) ? page.body : undefined;
    }, 120_000);
    expect(done).toContain('Newly flagged: 2 (1 confirmed, 1 dismissed)');
    expect(done).toMatch(/<tr data-rule="test\.zorblat"><th scope="row"><code>test\.zorblat<\/code><\/th><td>0<\/td><td>0<\/td><td>1<\/td><td>1<\/td><\/tr>/);
    expect(done).toMatch(/<tr data-run="[^"]+" data-status="done">.*ada/s);
  }, 180_000);
});
