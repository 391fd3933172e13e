import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, ROLES } from '../auth/roles.ts';
import { addUser, MIN_PASSWORD_LENGTH, UserExistsError, verifyPassword } from '../auth/users.ts';
import { prose } from '../jobs/safe-string.ts';
import { findItem } from '../repos/items.repo.ts';
import { findMedia, mediaForItem, nearDuplicateItems } from '../repos/media.repo.ts';
import { findCaseForItem, indicatorItemCounts, itemsWithIndicator, listCaseHistory, listNearMisses, listWorkQueue, QUEUE_VIEWS } from '../repos/review.repo.ts';
import { findScore } from '../repos/scores.repo.ts';
import { findUserByName, listUsers, revokeTokens, setUserDisabled, setUserRole, userNameById } from '../repos/users.repo.ts';
import { CaseConflictError, CaseNotFoundError, claimCase, CLAIM_LEASE_MS, DECISIONS, decideCase, leaseHeld, noteCase, releaseCase, takeOverCase } from '../review/decisions.ts';
import { sendStoredImage, Sha256Params } from '../api/media-reply.ts';
import type { ApiDeps } from '../api/server.ts';
import { sessionGuard, type Viewer } from './guard.ts';
import { headerBar } from './header.ts';
import { csrfField, esc, page, WEB_CSP } from './html.ts';
import { itemPage } from './item-page.ts';
import { campaignPages } from './campaign-page.ts';
import { campaignItemIds } from '../repos/campaigns.repo.ts';
import { BANDS, nearMissPage, queuePage } from './queue-page.ts';
import { usersPage } from './users-page.ts';
import { analyticsPages } from './analytics-routes.ts';
import { channelsPage } from './channels-page.ts';
import { findChannel } from '../repos/channels.repo.ts';
import { channelsOverview } from '../channels/overview.ts';
import { queueScanNow } from '../telegram/scan-job.ts';
import { HandleError, unwatchChannel, watchableHandle, watchChannel } from '../telegram/watchlist.ts';
import { clearedSessionCookie, cookieFrom, csrfMatches, LOGIN_CSRF_COOKIE, loginCsrfCookie, redisSessions, sessionCookie, sessionIdFrom, signInLimiter } from './sessions.ts';

const QUEUE_PAGE_SIZE = 50;
const NEAR_MISS = { min: 40, max: 59 };
const ItemParams = z.object({ id: z.string().uuid('id: not an item id (a UUID)') });
const UserParams = z.object({ name: z.string().regex(/^[\w.@-]{1,64}$/, 'name: 1-64 letters, digits, _ . @ or -') });
const Csrf = { _csrf: z.string().optional() };
const DecisionForm = z.object({ ...Csrf, decision: z.enum([...DECISIONS, 'note']), note: z.union([z.literal('').transform(() => undefined), prose(5_000)]).optional(), next: z.literal('1').optional() });
const QueueQuery = z.object({
  view: z.enum([...QUEUE_VIEWS, 'below']).default('open'),
  source: z.string().max(32).optional(),
  channel: z.string().max(200).optional(),
  rule: z.string().max(100).optional(),
  band: z.enum(Object.keys(BANDS) as [string, ...string[]]).optional().or(z.literal('')),
  language: z.string().regex(/^[a-z]{3}$/, 'a three-letter language code').optional().or(z.literal('')),
  from: z.string().date().optional().or(z.literal('')),
  to: z.string().date().optional().or(z.literal('')),
  after: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
const IndicatorQuery = z.object({ type: z.string().min(1).max(32), value: z.string().min(1).max(500) });
// No length limits here: an over-long name or password is a wrong one (401), not a malformed form.
const LoginForm = z.object({ ...Csrf, name: z.string().default(''), password: z.string().default('') });
const BlurForm = z.object({ ...Csrf, blur: z.enum(['0', '1']) });
const RoleForm = z.object({ ...Csrf, role: z.enum(ROLES) });
const NewUserForm = z.object({ ...Csrf, name: UserParams.shape.name, role: z.enum(ROLES), password: z.string().min(MIN_PASSWORD_LENGTH, `the password must have at least ${MIN_PASSWORD_LENGTH} characters`).max(1000) });
const CsrfOnly = z.object(Csrf);

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));
const ASSETS = { 'workspace.css': { type: 'text/css; charset=utf-8', body: asset('workspace.css') }, 'workspace.js': { type: 'text/javascript; charset=utf-8', body: asset('workspace.js') } };
const AssetParams = z.object({ name: z.enum(Object.keys(ASSETS) as ['workspace.css', 'workspace.js']) });

// The keyset cursor of the queue: the last row's priority, creation time and id.
const encodeCursor = (r: { priority: number; createdAt: Date; caseId: string }) => Buffer.from(`${r.priority}|${r.createdAt.toISOString()}|${r.caseId}`).toString('base64url');
function decodeCursor(s: string | undefined) {
  if (!s) return undefined;
  const [p, c, id] = Buffer.from(s, 'base64url').toString().split('|');
  const priority = Number(p);
  const createdAt = new Date(c);
  if (!Number.isFinite(priority) || Number.isNaN(createdAt.getTime()) || !z.string().uuid().safeParse(id).success) return undefined;
  return { priority, createdAt, id };
}

/**
 * The reviewers' pages. Every page needs a live session of an active user; every form that changes
 * something carries the session's CSRF token and must come from our origin; each route checks its
 * role on the server (sessionGuard). Pages send a strict CSP: the CSS and script are served files.
 */
export const workspaceRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const sessions = redisSessions(deps.redis, deps.config.QUEUE_PREFIX);
  const limiter = signInLimiter(deps.redis, deps.config.QUEUE_PREFIX);
  const secure = deps.config.PUBLIC_URL.startsWith('https:');
  const guard = sessionGuard({ db: deps.db, publicUrl: deps.config.PUBLIC_URL }, sessions);
  const prefsKey = (userId: string) => `${deps.config.QUEUE_PREFIX}:prefs:${userId}:unblur`;

  app.decorateRequest('viewer', null);
  // HTML forms post urlencoded; fastify parses only JSON by itself.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', WEB_CSP);
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin').header('x-frame-options', 'DENY');
    return payload;
  });

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const viewer = (req: FastifyRequest): Viewer => req.viewer!;
  const foreignOrigin = (req: FastifyRequest) => {
    const origin = req.headers.origin;
    return origin !== undefined && origin !== 'null' && origin !== `${req.protocol}://${req.headers.host}` && origin !== new URL(deps.config.PUBLIC_URL).origin;
  };
  const sameOrigin = (req: FastifyRequest) => req.headers.origin !== undefined && req.headers.origin !== 'null' && !foreignOrigin(req);

  app.get('/assets/:name', { config: { docs: { summary: 'The workspace stylesheet and script', access: 'public', params: AssetParams } } }, async (req, reply) => {
    const a = ASSETS[AssetParams.parse(req.params).name];
    return reply.header('content-type', a.type).header('cache-control', 'public, max-age=300').send(a.body);
  });

  // ---- sign-in ----
  const showLogin = (reply: FastifyReply, req: FastifyRequest, status = 200, error?: string, name = '') => {
    const token = cookieFrom(req.headers.cookie, LOGIN_CSRF_COOKIE) ?? randomBytes(24).toString('base64url');
    return html(reply.header('set-cookie', loginCsrfCookie(token, secure)), loginPage(token, error, name), status);
  };
  app.get('/login', { config: { docs: { summary: 'Sign-in page', access: 'public' } } }, async (req, reply) => showLogin(reply, req));

  app.post('/login', { config: { docs: { summary: 'Sign in (form: name, password, _csrf); sets a new session cookie; 429 past the attempt limit', access: 'public', body: LoginForm, consumes: ['application/x-www-form-urlencoded'], responses: { 303: 'signed in', 401: 'wrong name or password', 403: 'foreign origin or no token', 429: 'too many attempts' } } } }, async (req, reply) => {
    if (foreignOrigin(req)) return html(reply, loginPage('', 'This form can only be sent from recruitwatch itself.'), 403);
    const form = LoginForm.safeParse(req.body ?? {});
    if (!form.success) return showLogin(reply, req, 400, 'Send a name and a password.');
    // Before sign-in there is no session token: the form's token must match its cookie, unless the
    // request names our own Origin (every current browser sends one on a form post, and another
    // site's page cannot send ours). A post with neither is refused.
    const cookieToken = cookieFrom(req.headers.cookie, LOGIN_CSRF_COOKIE);
    const tokenOk = cookieToken !== null && csrfMatches(cookieToken, form.data._csrf);
    if (!tokenOk && !sameOrigin(req)) return showLogin(reply, req, 403, 'The sign-in form was out of date: please try again.');
    const { name, password } = form.data;
    const wait = await limiter.blocked(name, req.ip);
    if (wait > 0) {
      req.log.warn({ name: name.slice(0, 64), ip: req.ip }, 'sign-in rate limited');
      return showLogin(reply.header('retry-after', String(wait)), req, 429, `Too many sign-in attempts: try again in ${Math.ceil(wait / 60)} minutes.`, name);
    }
    const plausible = name.length > 0 && name.length <= 200 && password.length > 0 && password.length <= 1000;
    const user = plausible ? await verifyPassword(deps.db, name, password) : null;
    if (!user) {
      await limiter.failed(name, req.ip);
      req.log.info({ name: name.slice(0, 64) }, 'sign-in refused');
      return showLogin(reply, req, 401, 'Wrong name or password.', name);
    }
    await limiter.succeeded(name);
    // A new session id at every sign-in: an id planted before sign-in is worth nothing after it.
    const old = sessionIdFrom(req.headers.cookie);
    if (old) await sessions.destroy(old);
    const id = await sessions.create(user.id);
    req.log.info({ userId: user.id }, 'signed in');
    return reply.header('set-cookie', [sessionCookie(id, secure), `${LOGIN_CSRF_COOKIE}=; Path=/login; HttpOnly; SameSite=Strict; Max-Age=0`]).redirect('/review', 303);
  });

  app.post('/logout', { preHandler: guard(), config: { docs: { summary: 'Sign out', access: 'session', body: CsrfOnly } } }, async (req, reply) => {
    await sessions.destroy(viewer(req).sessionId);
    return reply.header('set-cookie', clearedSessionCookie()).redirect('/login', 303);
  });

  // ---- queue ----
  app.get('/', { config: { docs: { summary: 'Redirects to the queue', access: 'public' } } }, async (_req, reply) => reply.redirect('/review', 303));

  app.get('/review', { preHandler: guard(), config: { docs: { summary: 'The queue (HTML): filters, keyset pages, claims; view=below for near-misses', access: 'session', querystring: QueueQuery } } }, async (req, reply) => {
    const v = viewer(req);
    const q = QueueQuery.safeParse(req.query);
    if (!q.success) return html(reply, page('Bad filter', `${headerBar(v)}<main><p role="alert" class="error">${esc(q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))}</p><p><a href="/review">Reset the filters</a></p></main>`), 400);
    const f = q.data;
    if (f.view === 'below') return html(reply, nearMissPage(v, await listNearMisses(deps.db, { ...NEAR_MISS, limit: QUEUE_PAGE_SIZE, offset: f.offset }), f.offset, QUEUE_PAGE_SIZE));
    const band = f.band ? BANDS[f.band] : undefined;
    const result = await listWorkQueue(deps.db, {
      view: f.view, userId: v.user.id, leaseHeld: leaseHeld(), source: f.source || undefined, channel: f.channel || undefined, rule: f.rule || undefined,
      language: f.language || undefined, openedFrom: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
      openedBefore: f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) : undefined, // 'to' includes its whole day (UTC)
      minScore: band?.[0], maxScore: band?.[1], after: decodeCursor(f.after), limit: QUEUE_PAGE_SIZE,
    });
    const blur = (await deps.redis.get(prefsKey(v.user.id))) !== '1';
    const last = result.rows.at(-1);
    return html(reply, queuePage(v, {
      ...result, next: last ? encodeCursor(last) : undefined, blur,
      filters: { view: f.view, source: f.source, channel: f.channel, rule: f.rule, band: f.band || undefined, language: f.language || undefined, from: f.from || undefined, to: f.to || undefined },
      query: new URLSearchParams(req.query as Record<string, string>),
    }));
  });

  app.post('/settings/blur', { preHandler: guard(), config: { docs: { summary: 'Wellness: blur queue thumbnails (blur=1, the default) or not (blur=0)', access: 'session', body: BlurForm, consumes: ['application/x-www-form-urlencoded'] } } }, async (req, reply) => {
    const { blur } = BlurForm.parse(req.body ?? {});
    if (blur === '1') await deps.redis.del(prefsKey(viewer(req).user.id));
    else await deps.redis.set(prefsKey(viewer(req).user.id), '1');
    return reply.redirect('/review', 303);
  });

  // ---- one item ----
  const showItem = async (reply: FastifyReply, v: Viewer, id: string, message?: string, status = 200) => {
    const item = await findItem(deps.db, id);
    if (!item) return html(reply, page('Not found', `${headerBar(v)}<main><p role="alert">No item ${esc(id)}.</p></main>`), 404);
    const [score, reviewCase, listed] = await Promise.all([findScore(deps.db, id), findCaseForItem(deps.db, id), mediaForItem(deps.db, id)]);
    const images = (await Promise.all(listed.map((m) => findMedia(deps.db, m.sha256)))).filter((m) => m !== undefined);
    const history = reviewCase ? await listCaseHistory(deps.db, reviewCase.id) : [];
    const campaign = await campaignItemIds(deps.db, id);
    const nearDuplicates = images.length > 0 ? await nearDuplicateItems(deps.db, id) : [];
    const indicatorCounts = await indicatorItemCounts(deps.db, (score?.indicators ?? []).map((i) => ({ type: i.type, value: i.value })));
    const held = reviewCase?.status === 'claimed' && reviewCase.claimedAt !== null && reviewCase.claimedAt.getTime() + CLAIM_LEASE_MS > Date.now();
    const claim = {
      by: reviewCase?.status === 'claimed' && reviewCase.claimedBy ? ((await userNameById(deps.db, reviewCase.claimedBy)) ?? null) : null,
      leaseHeld: held,
      until: held && reviewCase?.claimedAt ? new Date(reviewCase.claimedAt.getTime() + CLAIM_LEASE_MS) : null,
    };
    return html(reply, itemPage(v, { item, score, reviewCase, claim, history, images, nearDuplicates, indicatorCounts, canDecide: can(v.user.role, 'review'), canTakeOver: can(v.user.role, 'admin'), campaign: { size: campaign.itemIds.length, truncated: campaign.truncated }, message }), status);
  };

  app.get('/review/:id', { preHandler: guard(), config: { docs: { summary: 'An item with its evidence marked, its case, claim and history (HTML)', access: 'session', params: ItemParams } } }, async (req, reply) =>
    showItem(reply, viewer(req), ItemParams.parse(req.params).id));
  app.get('/items/:id', { config: { docs: { summary: 'Old address of the item page: redirects to /review/:id', access: 'public', params: ItemParams } } }, async (req, reply) =>
    reply.redirect(`/review/${ItemParams.parse(req.params).id}`, 301));

  // Runs a case action from the item page; a conflict (another reviewer's claim, a closed case) is shown on the page.
  const caseAction = async (req: FastifyRequest, reply: FastifyReply, work: (caseId: string, v: Viewer) => Promise<unknown>, after?: (v: Viewer, id: string) => Promise<string>) => {
    const v = viewer(req);
    const { id } = ItemParams.parse(req.params);
    const reviewCase = await findCaseForItem(deps.db, id);
    if (!reviewCase) return showItem(reply, v, id, 'This item has no review case.', 409);
    try {
      await work(reviewCase.id, v);
    } catch (err) {
      if (err instanceof CaseConflictError || err instanceof CaseNotFoundError) return showItem(reply, v, id, err.message, 409);
      throw err;
    }
    return reply.redirect(after ? await after(v, id) : `/review/${id}`, 303);
  };
  const reviewRoute = (summary: string, body: z.ZodType = CsrfOnly) => ({ preHandler: guard('review'), config: { docs: { summary, access: 'session' as const, params: ItemParams, body, consumes: ['application/x-www-form-urlencoded'] } } });

  app.post('/review/:id/claim', reviewRoute('Claim the item\'s case for the lease (15 min); 409 while another reviewer holds it'), (req, reply) =>
    caseAction(req, reply, (caseId, v) => claimCase(deps.db, caseId, v.user.id)));
  app.post('/review/:id/release', reviewRoute('Release the case you hold (an escalation stays escalated)'), (req, reply) =>
    caseAction(req, reply, (caseId, v) => releaseCase(deps.db, caseId, v.user.id)));
  // An admin taking a case another reviewer holds: its own button and its own `taken_over` event, never a side effect of Claim.
  app.post('/review/:id/takeover', { preHandler: guard('admin'), config: { docs: { summary: 'Take over a case another reviewer holds under a live lease (admins; logged as taken_over with the previous holder)', access: 'session', params: ItemParams, body: CsrfOnly, consumes: ['application/x-www-form-urlencoded'] } } }, (req, reply) =>
    caseAction(req, reply, (caseId, v) => takeOverCase(deps.db, caseId, v.user.id)));

  // Submit & next: after a decision, claim the next open case and open it (or go back to the queue).
  const nextCase = async (v: Viewer, decided: string): Promise<string> => {
    const { rows } = await listWorkQueue(deps.db, { view: 'open', userId: v.user.id, leaseHeld: leaseHeld(), limit: 5 });
    for (const r of rows.filter((r) => r.itemId !== decided)) {
      try {
        await claimCase(deps.db, r.caseId, v.user.id);
        return `/review/${r.itemId}`;
      } catch (err) {
        if (!(err instanceof CaseConflictError)) throw err; // someone else took it a moment ago: try the next
      }
    }
    return '/review';
  };
  app.post('/review/:id/decision', reviewRoute('Decide the case (form: decision confirmed|dismissed|escalated|note, note, next=1 for submit & next)', DecisionForm), async (req, reply) => {
    const form = DecisionForm.safeParse(req.body ?? {});
    const { id } = ItemParams.parse(req.params);
    if (!form.success) return showItem(reply, viewer(req), id, form.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; '), 400);
    const { decision, note, next } = form.data;
    if (decision === 'note') {
      if (!note) return showItem(reply, viewer(req), id, 'Write the note first.', 400);
      return caseAction(req, reply, (caseId, v) => noteCase(deps.db, caseId, v.user.id, note));
    }
    return caseAction(req, reply, (caseId, v) => decideCase(deps.db, caseId, v.user.id, decision, note || undefined), next ? nextCase : async () => '/review');
  });

  // ---- indicators ----
  app.get('/indicators', { preHandler: guard(), config: { docs: { summary: 'The items sharing one indicator (HTML)', access: 'session', querystring: IndicatorQuery } } }, async (req, reply) => {
    const v = viewer(req);
    const q = IndicatorQuery.safeParse(req.query);
    if (!q.success) return html(reply, page('Bad indicator', `${headerBar(v)}<main><p role="alert" class="error">Name an indicator with type and value.</p></main>`), 400);
    const rows = await itemsWithIndicator(deps.db, q.data.type, q.data.value);
    return html(reply, page(`Indicator ${q.data.value}`, `${headerBar(v)}<main><h1>${esc(q.data.type)}: <code>${esc(q.data.value)}</code> <small>(${rows.length} item${rows.length === 1 ? '' : 's'})</small></h1>
<table><thead><tr><th>Score</th><th>Case</th><th>Source</th><th>Text</th></tr></thead><tbody>${rows.map((r) => `<tr data-indicator-item><td class="score">${esc(r.score ?? '')}</td><td>${esc(r.status ?? '—')}</td><td>${esc(r.source)}${r.channel ? ` · ${esc(r.channel)}` : ''}</td><td class="excerpt"><a href="/review/${esc(r.itemId)}">${esc(r.text || '(no text)')}</a></td></tr>`).join('')}</tbody></table></main>`, v.csrf));
  });

  campaignPages(app, { deps, guard, html });

  // The flyer for the item page, served with the same care as the API's copy (sniffed type, nosniff).
  app.get('/media/:sha256', { preHandler: guard(), config: { docs: { summary: 'A flyer for the item page', access: 'session', params: Sha256Params } } }, async (req, reply) =>
    sendStoredImage(deps, reply, Sha256Params.parse(req.params).sha256));

  // ---- upload ----
  app.get('/upload', { preHandler: guard('submit'), config: { docs: { summary: 'Upload page (HTML): drop flyers, see each one scored', access: 'session' } } }, async (req, reply) => {
    const v = viewer(req);
    return html(reply, page('Upload', `${headerBar(v)}<main><h1>Upload flyers</h1>
<form id="upload-form" aria-label="Upload">
<div id="drop" class="drop"><p>Drop flyer images here, or</p>
<label for="files">Flyer images</label><input id="files" name="files" type="file" accept="image/*" multiple></div></form>
<p class="muted">Each file is uploaded on its own, read (OCR) and scored; its result appears below as soon as it is ready.</p>
<ul id="uploads" aria-live="polite"></ul></main>`, v.csrf));
  });

  const admin = (summary: string, body: z.ZodType = CsrfOnly, params?: z.ZodType) => ({ preHandler: guard('admin'), config: { docs: { summary, access: 'session' as const, body, params, consumes: ['application/x-www-form-urlencoded'] } } });

  // ---- admin: channels ----
  const showChannels = async (reply: FastifyReply, v: Viewer, notice?: { ok?: string; error?: string }, status = 200) =>
    html(reply, channelsPage(v, await channelsOverview(deps.db), notice, deps.config.SCAN_INTERVAL_SECONDS), status);
  const ChannelForm = z.object({ ...Csrf, handle: z.string().min(1).max(200), interval: z.union([z.literal('').transform(() => undefined), z.coerce.number().int().min(30, 'interval: at least 30 seconds').max(7 * 24 * 3600)]).optional() });
  const HandleParams = z.object({ handle: z.string().min(1).max(200) });
  // A bad handle is the admin's typo: shown on the page, not a 500.
  const channelAction = async (reply: FastifyReply, v: Viewer, work: () => Promise<string>) => {
    try {
      return await showChannels(reply, v, { ok: await work() });
    } catch (err) {
      if (err instanceof HandleError) return showChannels(reply, v, { error: err.message }, 400);
      throw err;
    }
  };
  app.get('/admin/channels', { preHandler: guard('admin'), config: { docs: { summary: 'Channels page (HTML): watched channels by risk with status, last and next scan, last error; channels seen but not watched', access: 'session' } } }, async (req, reply) => showChannels(reply, viewer(req)));
  app.post('/admin/channels', admin('Watch a channel (form: handle, interval)', ChannelForm), async (req, reply) => {
    const form = ChannelForm.safeParse(req.body ?? {});
    if (!form.success) return showChannels(reply, viewer(req), { error: form.error.issues.map((i) => i.message).join('; ') }, 400);
    return channelAction(reply, viewer(req), async () => {
      const row = await watchChannel(deps, form.data.handle, form.data.interval ?? deps.config.SCAN_INTERVAL_SECONDS);
      return `Watching ${row.handle}.`;
    });
  });
  app.post('/admin/channels/:handle/scan', admin('Scan a watched channel now', CsrfOnly, HandleParams), async (req, reply) =>
    channelAction(reply, viewer(req), async () => {
      const handle = watchableHandle(HandleParams.parse(req.params).handle);
      if (!(await findChannel(deps.db, handle))) throw new HandleError(`${handle} is not watched`);
      await queueScanNow(deps.queues, handle);
      return `A scan of ${handle} is queued.`;
    }));
  app.post('/admin/channels/:handle/remove', admin('Stop watching a channel', CsrfOnly, HandleParams), async (req, reply) =>
    channelAction(reply, viewer(req), async () => {
      const { handle } = HandleParams.parse(req.params);
      if (!(await unwatchChannel(deps, handle))) throw new HandleError(`${handle} is not watched`);
      return `Stopped watching ${handle}.`;
    }));

  // ---- admin: users ----
  const showUsers = async (reply: FastifyReply, v: Viewer, notice?: { ok?: string; error?: string; token?: string }, status = 200) =>
    html(reply, usersPage(v, await listUsers(deps.db), notice), status);

  app.get('/admin/users', { preHandler: guard('admin'), config: { docs: { summary: 'Users page (HTML)', access: 'session' } } }, async (req, reply) => showUsers(reply, viewer(req)));
  app.post('/admin/users', admin('Create a user with a password (form: name, role, password); shows their API token once', NewUserForm), async (req, reply) => {
    const form = NewUserForm.safeParse(req.body ?? {});
    if (!form.success) return showUsers(reply, viewer(req), { error: form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 400);
    try {
      const { user, token } = await addUser(deps.db, { name: form.data.name, role: form.data.role, password: form.data.password });
      req.log.info({ by: viewer(req).user.id, userId: user.id, role: user.role }, 'user created');
      return showUsers(reply, viewer(req), { ok: `Created ${user.role} ${user.name}.`, token });
    } catch (err) {
      if (err instanceof UserExistsError) return showUsers(reply, viewer(req), { error: err.message }, 409);
      throw err;
    }
  });
  const userAction = (action: string, summary: string, body: z.ZodType, work: (name: string, body: Record<string, unknown>, v: Viewer) => Promise<string>) =>
    app.post(`/admin/users/:name/${action}`, admin(summary, body, UserParams), async (req, reply) => {
      const { name } = UserParams.parse(req.params);
      const form = body.safeParse(req.body ?? {});
      if (!form.success) return showUsers(reply, viewer(req), { error: form.error.issues.map((i) => i.message).join('; ') }, 400);
      if (!(await findUserByName(deps.db, name))) return showUsers(reply, viewer(req), { error: `No user named ${name}.` }, 404);
      if (name === viewer(req).user.name && action !== 'revoke-tokens') return showUsers(reply, viewer(req), { error: 'You cannot disable yourself or change your own role.' }, 409);
      const ok = await work(name, form.data as Record<string, unknown>, viewer(req));
      req.log.info({ by: viewer(req).user.id, name, action }, 'user changed');
      return showUsers(reply, viewer(req), { ok });
    });
  userAction('role', 'Change a user\'s role (form: role)', RoleForm, async (name, body) => {
    const user = await setUserRole(deps.db, name, body.role as (typeof ROLES)[number]);
    return `${name} is now ${user!.role}.`;
  });
  userAction('disable', 'Disable a user: their tokens and sessions stop working', CsrfOnly, async (name) => {
    const user = await setUserDisabled(deps.db, name, true);
    await sessions.destroyAllOf(user!.id);
    return `${name} is disabled.`;
  });
  userAction('enable', 'Enable a disabled user again', CsrfOnly, async (name) => {
    await setUserDisabled(deps.db, name, false);
    return `${name} is enabled.`;
  });
  userAction('revoke-tokens', 'Revoke every API token of a user', CsrfOnly, async (name) => {
    const user = await findUserByName(deps.db, name);
    const n = await revokeTokens(deps.db, user!.id);
    return `Revoked ${n} token${n === 1 ? '' : 's'} of ${name}.`;
  });

  // ---- admin: rule analytics and backtests (src/web/analytics-routes.ts) ----
  await app.register(analyticsPages(deps, guard));
};

function loginPage(token: string, error?: string, name = ''): string {
  return page('Sign in', `<header><strong>recruitwatch</strong></header>
<main><h1>Sign in</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/login">${token ? csrfField(token) : ''}
<label for="name">Username</label><input id="name" name="name" autocomplete="username" required value="${esc(name)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p>
</form>
<p>No password yet? An admin creates you on the Users page, or with <code>recruitwatch user add NAME --role reviewer --password-stdin</code>.</p></main>`);
}
