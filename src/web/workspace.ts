import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { verifyPassword } from '../auth/users.ts';
import { findUserById, type UserRow } from '../repos/users.repo.ts';
import { listQueue } from '../repos/review.repo.ts';
import type { ApiDeps } from '../api/server.ts';
import { esc, page } from './html.ts';
import { clearedSessionCookie, redisSessions, sessionCookie, sessionIdFrom } from './sessions.ts';

const QUEUE_PAGE_SIZE = 50;
const EXCERPT_CHARS = 280;

/**
 * The reviewers' pages: sign in with the password set by `user add --password-stdin`, see the open
 * cases (highest priority first), sign out. Form posts are accepted only from this origin: the
 * session cookie is SameSite=Strict and the Origin header, when sent, must be our own.
 */
export const workspaceRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const sessions = redisSessions(deps.redis, deps.config.QUEUE_PREFIX);
  const secure = deps.config.PUBLIC_URL.startsWith('https:');

  // HTML forms post urlencoded; fastify parses only JSON by itself.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const signedInUser = async (req: FastifyRequest): Promise<UserRow | null> => {
    const id = sessionIdFrom(req.headers.cookie);
    const userId = id ? await sessions.find(id) : null;
    return userId ? ((await findUserById(deps.db, userId)) ?? null) : null;
  };
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const foreignOrigin = (req: FastifyRequest) => {
    const origin = req.headers.origin;
    return origin !== undefined && origin !== 'null' && origin !== `${req.protocol}://${req.headers.host}` && origin !== new URL(deps.config.PUBLIC_URL).origin;
  };

  app.get('/login', async (_req, reply) => html(reply, loginPage()));

  app.post('/login', async (req, reply) => {
    if (foreignOrigin(req)) return html(reply, loginPage('This form can only be sent from recruitwatch itself.'), 403);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const name = typeof form.name === 'string' ? form.name : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const user = name && password ? await verifyPassword(deps.db, name, password) : null;
    if (!user) {
      req.log.info({ name: name.slice(0, 64) }, 'sign-in refused');
      return html(reply, loginPage('Wrong name or password.', name), 401);
    }
    const id = await sessions.create(user.id);
    req.log.info({ userId: user.id }, 'signed in');
    return reply.header('set-cookie', sessionCookie(id, secure)).redirect('/', 303);
  });

  app.post('/logout', async (req, reply) => {
    if (foreignOrigin(req)) return html(reply, loginPage('This form can only be sent from recruitwatch itself.'), 403);
    const id = sessionIdFrom(req.headers.cookie);
    if (id) await sessions.destroy(id);
    return reply.header('set-cookie', clearedSessionCookie()).redirect('/login', 303);
  });

  app.get('/', async (req, reply) => {
    const user = await signedInUser(req);
    if (!user) return reply.redirect('/login', 303);
    const { rows, total } = await listQueue(deps.db, { status: 'pending', limit: QUEUE_PAGE_SIZE, offset: 0 });
    return html(reply, queuePage(user, rows, total));
  });
};

function loginPage(error?: string, name = ''): string {
  return page('Sign in', `<header><strong>recruitwatch</strong></header>
<main><h1>Sign in</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/login">
<label for="name">Name</label><input id="name" name="name" autocomplete="username" required value="${esc(name)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p>
</form>
<p>No password yet? An admin sets one with <code>recruitwatch user add NAME --role reviewer --password-stdin</code>.</p></main>`);
}

type QueueRow = Awaited<ReturnType<typeof listQueue>>['rows'][number];

function queuePage(user: UserRow, rows: QueueRow[], total: number): string {
  const body = rows.length
    ? `<table><thead><tr><th>Score</th><th>Source</th><th>Text</th><th>Why</th></tr></thead><tbody>
${rows.map(queueRow).join('\n')}
</tbody></table>`
    : '<p>No open cases. Flagged items appear here as they are scored.</p>';
  return page('Queue', `<header><strong>recruitwatch</strong><span>Signed in as ${esc(user.name)} (${esc(user.role)})</span>
<form method="post" action="/logout"><button type="submit">Sign out</button></form></header>
<main><h1>Open cases <small>(${total})</small></h1>
${total > rows.length ? `<p>Showing the ${rows.length} highest-priority cases.</p>` : ''}
${body}</main>`);
}

function queueRow(r: QueueRow): string {
  const text = r.text ?? '';
  const excerpt = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  return `<tr data-case="${esc(r.caseId)}"><td class="score${r.flagged ? ' flagged' : ''}">${esc(r.priority)}</td>
<td>${esc(r.source)}${r.channel ? ` · ${esc(r.channel)}` : ''}</td><td class="excerpt">${esc(excerpt)}</td><td>${esc(r.explanation ?? '')}</td></tr>`;
}
