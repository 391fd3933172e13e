import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import { z } from 'zod';
import { can, ROLES, type Permission } from '../auth/roles.ts';
import { SESSION_COOKIE } from '../web/sessions.ts';

/** Who may call a route: nobody in particular, an API token, a signed-in browser, either, or Telegram with the webhook secret. */
export type Access = 'public' | 'bearer' | 'session' | 'session-or-bearer' | 'webhook-secret';

/**
 * What the OpenAPI document says about a route, given in the route's `config.docs`. The zod schemas are
 * the ones the handler parses the request with, so the document cannot drift from the validation.
 */
export interface RouteDocs {
  summary: string;
  description?: string;
  /** default under /api/: a Bearer token or the workspace's session cookie (with x-csrf-token on writes); both are accepted there */
  access?: Access;
  /** default: the route's requirePermission preHandler, else read for any signed-in access */
  permission?: Permission;
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  consumes?: string[];
  responses?: Record<number, string>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    docs?: RouteDocs;
  }
}

export const DOCS_PREFIX = '/docs';

// Everything the page loads comes from this server: no CDN, no validator badge, no inline script.
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  public: [],
  bearer: [{ bearer: [] }],
  session: [{ session: [] }],
  'session-or-bearer': [{ session: [] }, { bearer: [] }],
  'webhook-secret': [{ telegramSecret: [] }],
};

const jsonSchema = (schema: z.ZodType | undefined) => {
  if (!schema) return undefined;
  // io: input documents what a client sends (defaults optional, coercions as strings); refinements are not representable
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function permissionOf(route: RouteOptions): Permission | undefined {
  const handlers = [route.preHandler, route.preValidation, route.onRequest].flat().filter(Boolean) as Array<{ permission?: Permission }>;
  return handlers.find((h) => h.permission)?.permission;
}

function tagOf(url: string): string {
  const [first, second] = url.split('/').filter(Boolean);
  if (first === 'api') return second ?? 'api';
  if (first === 'admin') return 'queue dashboard';
  if (first === 'docs') return 'docs';
  if (first === 'telegram') return 'telegram';
  if (['healthz', 'readyz', 'metrics'].includes(first)) return 'operations';
  return 'workspace';
}

/** Turns a route's config.docs into the fastify schema @fastify/swagger renders; a route without docs shows up without x-access. */
function transform({ schema, url, route }: { schema: Record<string, unknown> | undefined; url: string; route: RouteOptions }) {
  const docs = route.config?.docs;
  if (!docs) return { url, schema: { ...schema, hide: false, summary: `undocumented: ${String(route.method)} ${url}` } };
  const access = docs.access ?? (url.startsWith('/api/') ? 'session-or-bearer' : undefined);
  const permission = docs.permission ?? permissionOf(route) ?? (access && access !== 'public' && access !== 'webhook-secret' ? 'read' : undefined);
  const roles = permission ? ROLES.filter((r) => can(r, permission)) : [];
  const who = access === 'public' ? 'Anyone.' : access === 'webhook-secret' ? 'Telegram, with TELEGRAM_WEBHOOK_SECRET.' : `Roles: ${roles.join(', ')} (permission ${permission}), by ${access}.`;
  return {
    url,
    schema: {
      summary: docs.summary,
      description: [docs.description, who].filter(Boolean).join('\n\n'),
      tags: [tagOf(url)],
      params: jsonSchema(docs.params),
      querystring: jsonSchema(docs.querystring),
      body: jsonSchema(docs.body),
      consumes: docs.consumes,
      security: access ? SECURITY[access] : undefined,
      response: docs.responses ? Object.fromEntries(Object.entries(docs.responses).map(([code, description]) => [code, { description }])) : undefined,
      'x-access': access,
      'x-permission': permission ?? null,
      'x-roles': roles,
    },
  };
}

/** Gives every route a plugin registers (swagger-ui's, bull-board's) the same docs; call inside that plugin's context. */
export function documentPluginRoutes(app: FastifyInstance, docs: (route: RouteOptions) => RouteDocs): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), docs: docs(route) } as RouteOptions['config'];
  });
}

/**
 * Collects every route registered after it (so buildServer installs it first) into an OpenAPI 3.1
 * document at /docs/json, browsable at /docs with swagger-ui served from node_modules.
 */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'recruitwatch',
        version,
        description: 'Every route with the access it needs (x-access) and the roles allowed (x-roles, from src/auth/roles.ts).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token printed by `recruitwatch user add`' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'a browser session from POST /login' },
          telegramSecret: { type: 'apiKey', in: 'header', name: 'X-Telegram-Bot-Api-Secret-Token' },
        },
      },
    },
    transform: transform as never,
  });
  const ui: FastifyPluginAsync = async (docsApp) => {
    documentPluginRoutes(docsApp, () => ({ summary: 'API documentation (Swagger UI, its assets and the OpenAPI document)', access: 'public' }));
    await docsApp.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: DOCS_CSP, uiConfig: { validatorUrl: null } as never });
  };
  await app.register(ui);
}
