import { randomUUID } from 'node:crypto';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { can, ROLES, type Permission, type Role } from '../../src/auth/roles.ts';
import { addUser } from '../../src/auth/users.ts';
import { setUserDisabled } from '../../src/repos/users.repo.ts';
import { redisSessions, SIGN_IN_LIMITS } from '../../src/web/sessions.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

type Operation = { 'x-access'?: string; 'x-roles'?: string[] };
type Identity = { role: Role | 'anonymous'; token?: string; userId?: string };

// Every route the server registers (seen by onRoute, so a new route is in this table the day it is
// added) is called as anonymous and as each role, and must answer as its documented access says:
// refused (401/403 or a redirect to sign-in) for whoever is not allowed, never refused for whoever is.
const fill = (url: string) =>
  url
    .replace('/assets/:name', '/assets/workspace.css')
    .replace(/:(id|caseId)\b/g, () => randomUUID())
    .replace(':sha256', '0'.repeat(64))
    .replace(':handle', 'nochannel')
    .replace(':name', 'nobody')
    .replace(/\*$/, 'api/queues');

// What each kind of route needs at least, written here and not read from the routes, so a route that
// lost its check (and so documents itself as open) still fails: admin pages and tools, submitting
// content, deciding cases. Only the routes listed here may be public.
const PUBLIC = new Set(['GET /', 'GET /login', 'POST /login', 'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /assets/:name', 'GET /items/:id', 'POST /telegram/webhook']);
const mayBePublic = (method: string, url: string) => PUBLIC.has(`${method} ${url}`) || url === '/docs' || url.startsWith('/docs/');
function floor(method: string, url: string): Permission {
  if (url.startsWith('/admin/') || url.startsWith('/api/jobs') || url.startsWith('/api/analytics') || url.startsWith('/api/exports') || (url.startsWith('/api/channels') && method !== 'GET')) return 'admin';
  if (url === '/upload' || (method === 'POST' && (url === '/api/posts' || url === '/api/posts/batch' || url === '/api/uploads'))) return 'submit';
  if (url.endsWith('/takeover')) return 'admin'; // taking a case another reviewer holds
  if (method !== 'GET' && (url.startsWith('/review/') || url.startsWith('/api/review/') || url.startsWith('/campaigns/') || url.startsWith('/api/campaigns/'))) return 'review';
  return 'read';
}

describe('authorization of every route for every role', () => {
  let t: TestApp;
  let app: FastifyInstance;
  const routes: { method: string; url: string }[] = [];
  let doc: { paths: Record<string, Record<string, Operation>> };
  const identities: Identity[] = [{ role: 'anonymous' }];
  let sessions: ReturnType<typeof redisSessions>;

  beforeAll(async () => {
    t = await startTestApp({ workers: [] });
    app = await buildServer(t.deps, {
      onRoute: (route: RouteOptions) => {
        for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
      },
    });
    await app.ready();
    doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    sessions = redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX);
    for (const role of ROLES) {
      const { user, token } = await addUser(t.deps.db, { name: `the-${role}`, role, password: `${role} correct horse battery` });
      identities.push({ role, token, userId: user.id });
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const operation = (method: string, url: string): Operation => {
    const path = url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}').replace(/(.)\/$/, '$1');
    const ops = doc.paths[path] ?? doc.paths[`${path}/`];
    const op = ops?.[method.toLowerCase()];
    if (!op) throw new Error(`${method} ${url} is not in the OpenAPI document`);
    return op;
  };

  // A fresh session per request: a call to /logout must not end the next call's session.
  async function call(method: string, url: string, who: Identity, access: string, viaSession = false) {
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (who.userId && viaSession) {
      // the workspace's pages call /api with the session and its CSRF token in a header
      const id = await sessions.create(who.userId);
      headers.cookie = `rw_session=${id}`;
      headers['x-csrf-token'] = (await sessions.session(id))!.csrf;
    } else if (who.userId && (access === 'session' || access === 'session-or-bearer') && !url.startsWith('/api/')) {
      const id = await sessions.create(who.userId);
      const { csrf } = (await sessions.session(id))!;
      headers.cookie = `rw_session=${id}`;
      headers['x-csrf-token'] = csrf;
      if (method !== 'GET') {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = `_csrf=${encodeURIComponent(csrf)}`;
      }
    } else if (who.token) headers.authorization = `Bearer ${who.token}`;
    if (method !== 'GET' && !payload) {
      headers['content-type'] = 'application/json';
      payload = '{}';
    }
    return app.inject({ method: method as 'GET', url, headers, payload });
  }

  it('refuses whoever the route does not allow, and lets through whoever it does', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    let checked = 0;
    for (const { method, url } of routes) {
      const op = operation(method, url);
      const access = op['x-access']!;
      if (access === 'public' || access === 'webhook-secret') {
        if (!mayBePublic(method, url)) wrong.push(`${method} ${url} is ${access}, and is not on the list of public routes`);
        continue;
      }
      const least = floor(method, url);
      const tooOpen = (op['x-roles'] ?? []).filter((r) => !can(r as Role, least));
      if (tooOpen.length) wrong.push(`${method} ${url} lets ${tooOpen.join(', ')} in; it needs ${least}`);
      const allowed = new Set(op['x-roles']);
      for (const [who, viaSession] of identities.flatMap((w) => (url.startsWith('/api/') && w.userId ? [[w, false], [w, true]] as const : [[w, false]] as const))) {
        const res = await call(method, fill(url), who, access, viaSession);
        const toLogin = method === 'GET' && res.statusCode === 303 && res.headers.location === '/login'; // a signed-out POST gets 401
        const refused = res.statusCode === 401 || res.statusCode === 403 || toLogin;
        const shouldPass = who.role !== 'anonymous' && allowed.has(who.role);
        if (refused === shouldPass) wrong.push(`${method} ${url} as ${who.role}${viaSession ? ' (session)' : ''}: ${res.statusCode} (${shouldPass ? 'allowed' : 'not allowed'})`);
        if (res.statusCode >= 500) wrong.push(`${method} ${url} as ${who.role}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(250);
  }, 120_000);

  it('refuses a disabled user\'s session and token everywhere', async () => {
    const { user, token } = await addUser(t.deps.db, { name: 'gone', role: 'admin', password: 'gone correct horse battery' });
    await setUserDisabled(t.deps.db, 'gone', true);
    const who: Identity = { role: 'admin', token, userId: user.id };
    const wrong: string[] = [];
    for (const { method, url } of routes) {
      const access = operation(method, url)['x-access']!;
      if (access === 'public' || access === 'webhook-secret') continue;
      for (const viaSession of url.startsWith('/api/') ? [false, true] : [false]) {
        const res = await call(method, fill(url), who, access, viaSession);
        if (!(res.statusCode === 401 || (res.statusCode === 303 && res.headers.location === '/login'))) wrong.push(`${method} ${url}${viaSession ? ' (session)' : ''}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('refuses a state-changing form without the session\'s CSRF token, with a wrong one, or from another origin', async () => {
    const admin = identities.find((i) => i.role === 'admin')!;
    const id = await sessions.create(admin.userId!);
    const { csrf } = (await sessions.session(id))!;
    const send = (body: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/settings/blur', headers: { cookie: `rw_session=${id}`, 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: body });
    expect((await send('blur=0')).statusCode).toBe(403);
    expect((await send(`blur=0&_csrf=${'x'.repeat(csrf.length)}`)).statusCode).toBe(403);
    expect((await send(`blur=0&_csrf=${csrf}`, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(await t.deps.redis.get(`${t.deps.config.QUEUE_PREFIX}:prefs:${admin.userId}:unblur`)).toBeNull();
    const ok = await send(`blur=0&_csrf=${encodeURIComponent(csrf)}`);
    expect(ok.statusCode).toBe(303);
    expect(await t.deps.redis.get(`${t.deps.config.QUEUE_PREFIX}:prefs:${admin.userId}:unblur`)).toBe('1');
    // the header works as well as the field (for fetch)
    expect((await send('blur=1', { 'x-csrf-token': csrf })).statusCode).toBe(303);
    // sign-in itself needs the token its form was given
    const login = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=the-admin&password=admin+correct+horse+battery' });
    expect(login.statusCode).toBe(403);
    expect(String(login.headers['set-cookie'] ?? '')).not.toContain('rw_session=');
    // from our own origin the form needs no token; a NUL-stuffed, huge name is just a wrong name
    const own = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80' }, payload: `name=${'%00'.repeat(3)}${'a'.repeat(5000)}&password=x`, remoteAddress: '10.9.9.9' });
    expect(own.statusCode).toBe(401);
  });

  async function signIn(name: string, password: string, remoteAddress = '127.0.0.1') {
    const form = await app.inject({ method: 'GET', url: '/login', remoteAddress });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const cookie = String(form.headers['set-cookie']).split(';')[0];
    return app.inject({
      method: 'POST', url: '/login', remoteAddress,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, name, password }).toString(),
    });
  }

  it('limits sign-in attempts per user name and per address', async () => {
    expect((await signIn('the-reviewer', 'reviewer correct horse battery', '10.0.0.1')).statusCode).toBe(303);
    for (let i = 0; i < SIGN_IN_LIMITS.perName; i++) expect((await signIn('the-reviewer', `guess ${i}`, `10.0.1.${i}`)).statusCode).toBe(401);
    // now even the right password waits, from any address
    const limited = await signIn('the-reviewer', 'reviewer correct horse battery', '10.0.2.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(String(limited.headers['set-cookie'] ?? '')).not.toContain('rw_session=');
    // another user is not locked out by it
    expect((await signIn('the-viewer', 'viewer correct horse battery', '10.0.2.1')).statusCode).toBe(303);
    // one address guessing many names is stopped too
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) expect((await signIn(`nobody-${i}`, 'guess', '10.0.3.1')).statusCode).toBe(401);
    expect((await signIn('the-moderator', 'moderator correct horse battery', '10.0.3.1')).statusCode).toBe(429);
    expect((await signIn('the-moderator', 'moderator correct horse battery', '10.0.3.2')).statusCode).toBe(303);
  }, 60_000);
});
