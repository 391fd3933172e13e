import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../auth/roles.ts';
import { verifyPassword } from '../auth/users.ts';
import { findItem } from '../repos/items.repo.ts';
import { findMedia, mediaForItem } from '../repos/media.repo.ts';
import { findCaseForItem, listCaseEvents, listQueue } from '../repos/review.repo.ts';
import { findScore } from '../repos/scores.repo.ts';
import { findUserById, type UserRow } from '../repos/users.repo.ts';
import { CaseConflictError, CaseNotFoundError, DECISIONS, decideCase } from '../review/decisions.ts';
import { sendStoredImage, Sha256Params } from '../api/media-reply.ts';
import type { ApiDeps } from '../api/server.ts';
import { headerBar } from './header.ts';
import { esc, page } from './html.ts';
import { itemPage } from './item-page.ts';
import { clearedSessionCookie, redisSessions, sessionCookie, sessionIdFrom } from './sessions.ts';

const QUEUE_PAGE_SIZE = 50;
const ItemParams = z.object({ id: z.string().uuid('id: not an item id (a UUID)') });
const DecisionForm = z.object({ decision: z.enum(DECISIONS), note: z.string().trim().max(5_000).optional() });
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

  app.get('/login', { config: { docs: { summary: 'Sign-in page', access: 'public' } } }, async (_req, reply) => html(reply, loginPage()));

  app.post('/login', { config: { docs: { summary: 'Sign in (form: name, password); sets the session cookie', access: 'public', consumes: ['application/x-www-form-urlencoded'] } } }, async (req, reply) => {
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

  app.post('/logout', { config: { docs: { summary: 'Sign out', access: 'session' } } }, async (req, reply) => {
    if (foreignOrigin(req)) return html(reply, loginPage('This form can only be sent from recruitwatch itself.'), 403);
    const id = sessionIdFrom(req.headers.cookie);
    if (id) await sessions.destroy(id);
    return reply.header('set-cookie', clearedSessionCookie()).redirect('/login', 303);
  });

  app.get('/', { config: { docs: { summary: 'The open cases, highest score first (HTML)', access: 'session' } } }, async (req, reply) => {
    const user = await signedInUser(req);
    if (!user) return reply.redirect('/login', 303);
    const { rows, total } = await listQueue(deps.db, { status: 'pending', limit: QUEUE_PAGE_SIZE, offset: 0 });
    return html(reply, queuePage(user, rows, total));
  });

  const showItem = async (reply: FastifyReply, user: UserRow, id: string, message?: string, status = 200) => {
    const item = await findItem(deps.db, id);
    if (!item) return html(reply, page('Not found', `${headerBar(user)}<main><p role="alert">No item ${esc(id)}.</p></main>`), 404);
    const [score, reviewCase, listed] = await Promise.all([findScore(deps.db, id), findCaseForItem(deps.db, id), mediaForItem(deps.db, id)]);
    const images = (await Promise.all(listed.map((m) => findMedia(deps.db, m.sha256)))).filter((m) => m !== undefined);
    const events = reviewCase ? await listCaseEvents(deps.db, reviewCase.id) : [];
    return html(reply, itemPage(user, { item, score, reviewCase, events, images, canDecide: can(user.role, 'review'), message }), status);
  };

  app.get('/items/:id', { config: { docs: { summary: 'An item with its evidence marked (HTML)', access: 'session', params: ItemParams } } }, async (req, reply) => {
    const user = await signedInUser(req);
    if (!user) return reply.redirect('/login', 303);
    return showItem(reply, user, ItemParams.parse(req.params).id);
  });

  app.post('/items/:id/decision', { config: { docs: { summary: 'Decide the item\'s case from the page (form: decision, note)', access: 'session', permission: 'review', params: ItemParams, body: DecisionForm, consumes: ['application/x-www-form-urlencoded'] } } }, async (req, reply) => {
    const user = await signedInUser(req);
    if (!user) return reply.redirect('/login', 303);
    const { id } = ItemParams.parse(req.params);
    if (foreignOrigin(req)) return showItem(reply, user, id, 'This form can only be sent from recruitwatch itself.', 403);
    if (!can(user.role, 'review')) return showItem(reply, user, id, `The ${user.role} role cannot decide cases.`, 403);
    const form = DecisionForm.safeParse(req.body ?? {});
    if (!form.success) return showItem(reply, user, id, 'Choose confirmed, dismissed or escalated.', 400);
    const reviewCase = await findCaseForItem(deps.db, id);
    if (!reviewCase) return showItem(reply, user, id, 'This item has no review case.', 409);
    try {
      await decideCase(deps.db, reviewCase.id, user.id, form.data.decision, form.data.note || undefined);
    } catch (err) {
      if (err instanceof CaseConflictError || err instanceof CaseNotFoundError) return showItem(reply, user, id, err.message, 409);
      throw err;
    }
    return reply.redirect('/', 303); // back to the queue for the next case
  });

  // The flyer for the item page, served with the same care as the API's copy.
  app.get('/media/:sha256', { config: { docs: { summary: 'A flyer for the item page', access: 'session', params: Sha256Params } } }, async (req, reply) => {
    const user = await signedInUser(req);
    if (!user) return reply.code(401).send({ error: 'Unauthorized', message: 'sign in first' });
    return sendStoredImage(deps, reply, Sha256Params.parse(req.params).sha256);
  });
};

function loginPage(error?: string, name = ''): string {
  return page('Sign in', `<header><strong>recruitwatch</strong></header>
<main><h1>Sign in</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/login">
<label for="name">Username</label><input id="name" name="name" autocomplete="username" required value="${esc(name)}">
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
  return page('Queue', `${headerBar(user)}
<main><h1>Open cases <small>(${total})</small></h1>
${total > rows.length ? `<p>Showing the ${rows.length} highest-priority cases.</p>` : ''}
${body}</main>`);
}

function queueRow(r: QueueRow): string {
  const text = r.text ?? '';
  const excerpt = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  return `<tr data-case="${esc(r.caseId)}"><td class="score${r.flagged ? ' flagged' : ''}">${esc(r.priority)}</td>
<td>${esc(r.source)}${r.channel ? ` · ${esc(r.channel)}` : ''}</td><td class="excerpt"><a href="/items/${esc(r.itemId)}">${esc(excerpt)}</a></td><td>${esc(r.explanation ?? '')}</td></tr>`;
}
