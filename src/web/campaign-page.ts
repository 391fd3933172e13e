import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { can } from '../auth/roles.ts';
import { prose } from '../jobs/safe-string.ts';
import { campaignMembers, findCampaign, type Campaign } from '../repos/campaigns.repo.ts';
import { DECISIONS, decideCampaign, leaseHeld, type Decision, type ManyDecided } from '../review/decisions.ts';
import type { ApiDeps } from '../api/server.ts';
import type { sessionGuard, Viewer } from './guard.ts';
import { headerBar } from './header.ts';
import { csrfField, esc, page } from './html.ts';

type Member = Awaited<ReturnType<typeof campaignMembers>>[number];

const EXCERPT_CHARS = 160;
// A checkbox per item, named by its id: the workspace's form parser keeps one value per name.
const PICK = 'item-';
const Params = z.object({ id: z.string().uuid('id: not an item id (a UUID)') });
const CampaignForm = z
  .object({ _csrf: z.string().optional(), decision: z.enum(DECISIONS), note: z.union([z.literal('').transform(() => undefined), prose(5_000)]).optional() })
  .catchall(z.string().max(10))
  .describe(`one field ${PICK}<itemId>=1 per selected item`);

const BUTTONS: Array<{ value: Decision; label: string; done: string; cls: string }> = [
  { value: 'confirmed', label: 'Confirm scam', done: 'Confirmed as a scam', cls: 'confirm' },
  { value: 'dismissed', label: 'Dismiss', done: 'Dismissed', cls: '' },
  { value: 'escalated', label: 'Escalate', done: 'Escalated', cls: 'escalate' },
];

const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
const isOpenFor = (m: Member, userName: string) =>
  m.status === 'pending' || m.status === 'escalated' || (m.status === 'claimed' && (!m.leaseHeld || m.claimedBy === userName));

export interface CampaignView {
  campaign: Campaign;
  members: Member[];
  canDecide: boolean;
  outcome?: { decision: Decision; result: ManyDecided };
  error?: string;
}

/** A campaign: its items, the contacts that link them, their channels, and one decision for the items chosen. */
export function campaignPage(v: Viewer, view: CampaignView): string {
  const { campaign, members } = view;
  const indicators = campaign.indicators.map((i) => {
    const href = `/indicators?type=${encodeURIComponent(i.type)}&value=${encodeURIComponent(i.value)}`;
    return `<li>${esc(i.type)}: <code>${esc(i.value)}</code> — <a href="${esc(href)}" data-indicator>${i.items} item${i.items === 1 ? '' : 's'}</a></li>`;
  });
  const channels = campaign.channels.map((c) => `<li><span data-channel>${esc(c.channel)}</span> — ${c.items} item${c.items === 1 ? '' : 's'}</li>`);
  const rows = members.map((m) => {
    const holder = m.status === 'claimed' && m.leaseHeld && m.claimedBy ? ` <span class="muted">by ${esc(m.claimedBy)}</span>` : '';
    const pick = view.canDecide && m.caseId
      ? `<td><input type="checkbox" name="${PICK}${esc(m.itemId)}" value="1" aria-label="Select: ${esc((m.text ?? '').slice(0, 60) || m.itemId)}"${isOpenFor(m, v.user.name) ? ' checked' : ''}></td>`
      : view.canDecide ? '<td></td>' : '';
    return `<tr data-member="${esc(m.itemId)}" data-status="${esc(m.status ?? 'none')}">${pick}<td class="score">${esc(m.score ?? '—')}</td><td data-member-status>${esc(m.status ?? 'no case')}${holder}</td>
<td>${esc(m.source)}${m.channel ? ` · ${esc(m.channel)}` : ''}</td><td class="excerpt"><a href="/review/${esc(m.itemId)}">${esc(excerpt(m.text ?? '') || '(no text)')}</a></td></tr>`;
  });
  const table = `<table data-members><thead><tr>${view.canDecide ? '<th>Select</th>' : ''}<th>Score</th><th>Case</th><th>Source</th><th>Text</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
  const body = view.canDecide
    ? `<form method="post" action="/campaigns/${esc(campaign.id)}/decision" aria-label="Campaign decision">${csrfField(v.csrf)}
${table}
<p class="muted">One decision for the selected items, recorded in each item's history. Items another reviewer holds, or already confirmed or dismissed, are skipped.</p>
<label for="note">Note</label><textarea id="note" name="note" rows="2" cols="60" maxlength="5000"></textarea>
<div class="actions">${BUTTONS.map((b) => `<button type="submit" name="decision" value="${b.value}" class="${b.cls}">${b.label}</button>`).join('')}</div></form>`
    : table;
  return page(`Campaign of ${members.length} items`, `${headerBar(v)}
<main data-campaign="${esc(campaign.id)}"><p><a href="/review">← Queue</a></p>
<h1>Campaign <small>${members.length} item${members.length === 1 ? '' : 's'}${campaign.truncated ? ' (cut off: the campaign is larger)' : ''}</small></h1>
${view.error ? `<p class="error" role="alert">${esc(view.error)}</p>` : ''}
${view.outcome ? outcomeNote(view.outcome, members) : ''}
<section aria-label="Linking indicators"><h2>Linked by</h2>${indicators.length ? `<ul data-indicators>${indicators.join('')}</ul>` : '<p>No shared contact: the items share an image.</p>'}</section>
<section aria-label="Channels"><h2>Channels</h2>${channels.length ? `<ul>${channels.join('')}</ul>` : '<p>None named.</p>'}</section>
<section aria-label="Items"><h2>Items</h2>${body}</section>
</main>`, v.csrf);
}

function outcomeNote(outcome: NonNullable<CampaignView['outcome']>, members: Member[]): string {
  const label = BUTTONS.find((b) => b.value === outcome.decision)!.done;
  const n = outcome.result.decided.length;
  const textOf = new Map(members.map((m) => [m.itemId, m.text ?? '']));
  const skipped = outcome.result.skipped.map((s) => `<li><a href="/review/${esc(s.itemId)}">${esc(excerpt(textOf.get(s.itemId) ?? s.itemId).slice(0, 60) || s.itemId)}</a>: ${esc(s.reason)}</li>`);
  return `<div role="status" data-outcome><p class="ok">${esc(label)}: ${n} item${n === 1 ? '' : 's'}.</p>${skipped.length ? `<p>Skipped ${skipped.length}:</p><ul data-skipped>${skipped.join('')}</ul>` : ''}</div>`;
}

/** The campaign page's two routes, registered inside the workspace (its session guard, form parser and CSP). */
export function campaignPages(
  app: FastifyInstance,
  ctx: { deps: ApiDeps; guard: ReturnType<typeof sessionGuard>; html: (reply: FastifyReply, body: string, status?: number) => FastifyReply },
): void {
  const { deps, guard, html } = ctx;
  const show = async (reply: FastifyReply, v: Viewer, id: string, extra: Pick<CampaignView, 'outcome' | 'error'> = {}, status = 200) => {
    const campaign = await findCampaign(deps.db, id);
    if (!campaign) return html(reply, page('Not found', `${headerBar(v)}<main><p role="alert">No item ${esc(id)}.</p></main>`, v.csrf), 404);
    const members = await campaignMembers(deps.db, campaign.itemIds, leaseHeld());
    return html(reply, campaignPage(v, { campaign, members, canDecide: can(v.user.role, 'review'), ...extra }), status);
  };

  app.get('/campaigns/:id', { preHandler: guard(), config: { docs: { summary: 'The campaign an item belongs to (HTML): its items, linking indicators and channels, and one decision for the selected items', access: 'session', params: Params } } }, async (req, reply) =>
    show(reply, req.viewer!, Params.parse(req.params).id));

  app.post('/campaigns/:id/decision', { preHandler: guard('review'), config: { docs: { summary: `Decide the selected items of a campaign (form: decision, note, ${PICK}<itemId>=1 per item); shows what was decided and what was skipped and why`, access: 'session', params: Params, body: CampaignForm, consumes: ['application/x-www-form-urlencoded'] } } }, async (req, reply) => {
    const v = req.viewer!;
    const { id } = Params.parse(req.params);
    const form = CampaignForm.safeParse(req.body ?? {});
    if (!form.success) return show(reply, v, id, { error: form.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ') }, 400);
    const itemIds = Object.keys(form.data).filter((k) => k.startsWith(PICK)).map((k) => k.slice(PICK.length));
    if (itemIds.some((i) => !z.string().uuid().safeParse(i).success)) return show(reply, v, id, { error: 'The form named an item that is not an item id.' }, 400);
    if (itemIds.length === 0) return show(reply, v, id, { error: 'Select at least one item.' }, 400);
    const { decision, note } = form.data;
    const result = await decideCampaign(deps.db, id, { itemIds, userId: v.user.id, decision, note });
    if (!result) return show(reply, v, id);
    req.log.info({ campaignId: result.campaignId, decision, decided: result.decided.length, skipped: result.skipped.length, by: v.user.id }, 'campaign decision');
    return show(reply, v, id, { outcome: { decision, result } });
  });
}
