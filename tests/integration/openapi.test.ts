import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

type Operation = { summary?: string; 'x-access'?: string; 'x-roles'?: string[]; 'x-permission'?: string | null; parameters?: Array<{ name: string; in: string }>; requestBody?: unknown };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

// fastify's /items/:id and /static/* are OpenAPI's /items/{id} and /static/{*}; /docs and /docs/ are one route.
const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}').replace(/(.)\/$/, '$1');

describe('the OpenAPI document at /docs/json', () => {
  let t: TestApp;
  let app: FastifyInstance;
  const registered = new Set<string>();
  let doc: Doc;

  beforeAll(async () => {
    t = await startTestApp({ workers: [] });
    // A server of its own, so the routes it registers are seen from the first one on.
    app = await buildServer(t.deps, {
      onRoute: (route: RouteOptions) => {
        for (const method of [route.method].flat()) if (method !== 'HEAD') registered.add(`${method} ${openapiPath(route.url)}`);
      },
    });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  // HEAD answers like GET wherever fastify or @fastify/static add it, so neither side counts it
  const documented = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => `${m.toUpperCase()} ${openapiPath(path)}`));

  it('lists exactly the routes the server registers, so a new route cannot be left out', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(registered.size).toBeGreaterThan(30);
    expect(documented().sort()).toEqual([...registered].sort());
  });

  it('gives every route its access and the roles allowed, and none is undocumented', () => {
    const missing = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => !op['x-access'] || !Array.isArray(op['x-roles']) || /^undocumented/.test(op.summary ?? '')).map(([m]) => `${m} ${path}`),
    );
    expect(missing).toEqual([]);
    const op = (method: string, path: string) => (doc.paths[path] ?? doc.paths[`${path}/`])[method];
    expect(op('post', '/api/posts')).toMatchObject({ 'x-access': 'session-or-bearer', 'x-permission': 'submit', 'x-roles': ['moderator', 'admin'] });
    expect(op('get', '/api/items/{id}')).toMatchObject({ 'x-access': 'session-or-bearer', 'x-roles': ['viewer', 'reviewer', 'moderator', 'admin'] });
    expect(op('post', '/api/review/cases/{caseId}/decision')).toMatchObject({ 'x-permission': 'review', 'x-roles': ['reviewer', 'admin'] });
    expect(op('delete', '/api/channels/{handle}')).toMatchObject({ 'x-permission': 'admin', 'x-roles': ['admin'] });
    expect(op('get', '/admin/queues')).toMatchObject({ 'x-access': 'session-or-bearer', 'x-roles': ['admin'] });
    expect(op('get', '/healthz')).toMatchObject({ 'x-access': 'public', 'x-roles': [] });
  });

  it('describes requests from the zod schemas the handlers validate with', () => {
    const body = doc.paths['/api/posts'].post.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> };
    const schema = body.content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['channel', 'externalId', 'forwardedFrom', 'postedAt', 'source', 'text', 'url']);
    expect(schema.required.sort()).toEqual(['externalId', 'text']);
    const queue = doc.paths['/api/review/queue'].get.parameters!.map((p) => `${p.in}:${p.name}`).sort();
    expect(queue).toEqual(['query:limit', 'query:offset', 'query:status']);
    expect(Object.keys((doc.paths['/api/uploads'].post.requestBody as { content: object }).content)).toEqual(['multipart/form-data']);
  });

  it('serves a browsable page whose assets all come from this server', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const res = await app.inject({ method: 'GET', url: new URL(asset, 'http://x/docs/').pathname });
      expect(res.statusCode, asset).toBe(200);
    }
  });
});
