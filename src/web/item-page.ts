import type { MediaRow } from '../repos/media.repo.ts';
import type { ItemRow } from '../repos/items.repo.ts';
import type { ScoreRow } from '../repos/scores.repo.ts';
import type { CaseRow } from '../repos/review.repo.ts';
import type { OcrWord } from '../ocr/result.ts';
import type { Viewer } from './guard.ts';
import { csrfField, esc, page, safeLink } from './html.ts';
import { highlight } from './highlight.ts';
import { headerBar, KEYBOARD_HELP } from './header.ts';

export interface ItemView {
  item: ItemRow;
  score: ScoreRow | undefined;
  reviewCase: CaseRow | undefined;
  /** name of whoever holds the claim and whether its lease still holds */
  claim: { by: string | null; leaseHeld: boolean; until: Date | null };
  history: { action: string; note: string | null; data?: Record<string, unknown> | null; createdAt: Date; actor: string | null }[];
  images: MediaRow[];
  /** other items showing one of this item's images, or a near-duplicate of it */
  nearDuplicates: Array<{ itemId: string; source: string; channel: string; externalId: string; ingestedAt: Date }>;
  /** items carrying each indicator, keyed type NUL value */
  indicatorCounts: Map<string, number>;
  canDecide: boolean;
  /** admins may take over a case another reviewer holds, as an explicit, logged action */
  canTakeOver?: boolean;
  /** the item's campaign (items linked to it by a shared contact or image), itself included */
  campaign?: { size: number; truncated: boolean };
  message?: string;
}

// What each decision's button says, and its key.
const BUTTONS = [
  { value: 'confirmed', label: 'Confirm scam', key: 'c', cls: 'confirm' },
  { value: 'dismissed', label: 'Dismiss', key: 'd', cls: '' },
  { value: 'escalated', label: 'Escalate', key: 'e', cls: 'escalate' },
] as const;

/** One item as the reviewer decides it: the evidence marked on the text and on the flyer, then the decision. */
export function itemPage(v: Viewer, view: ItemView): string {
  const { item, score } = view;
  const text = score?.scoredText ?? item.text ?? '';
  const matched = (score?.matches ?? []).map((m) => m.text.toLowerCase());
  const indicators = (score?.indicators ?? []).map((i) => {
    const n = view.indicatorCounts.get(`${i.type}\u0000${i.value}`) ?? 1;
    const others = Math.max(0, n - 1);
    const href = `/indicators?type=${encodeURIComponent(i.type)}&value=${encodeURIComponent(i.value)}`;
    return `<li>${esc(i.type)}: <code>${esc(i.value)}</code>${i.detail?.country ? ` (${esc(i.detail.country)})` : ''} — <a href="${esc(href)}" data-indicator>${others} other item${others === 1 ? '' : 's'}</a></li>`;
  });
  return page(`Item ${item.externalId}`, `${headerBar(v)}
<main data-item="${esc(item.id)}"><p><a href="/review">← Queue</a> <span class="muted">Press <kbd>?</kbd> for keyboard shortcuts</span></p>
<h1>${esc(item.source)}${item.channel ? ` · <span data-channel>${esc(item.channel)}</span>` : ''} <small>${esc(item.externalId)}</small></h1>
${view.message ? `<p class="error" role="alert">${esc(view.message)}</p>` : ''}
<p class="score${score?.flagged ? ' flagged' : ''}" data-score>${score ? `Score ${esc(score.score)}${score.flagged ? ' — flagged' : ''}` : 'Not scored yet'}${score ? ` <span class="muted">pack ${esc(score.packVersion)}</span>` : ''}</p>
${item.url ? `<p data-original>Original: ${safeLink(item.url)}</p>` : ''}
${view.campaign && view.campaign.size > 1 ? `<p data-campaign-link><a href="/campaigns/${esc(item.id)}">Campaign: ${view.campaign.size}${view.campaign.truncated ? '+' : ''} items</a> <span class="muted">linked by a shared contact or image</span></p>` : ''}
${changedNotice(view)}
${decisionSection(v, view)}
<section aria-label="Text"><h2>Text</h2><pre class="excerpt" data-text>${highlight(text, score?.matches ?? [])}</pre></section>
${score ? `<section aria-label="Why"><h2>Why</h2><p data-explanation>${esc(score.explanation)}</p>
<h3>Indicators</h3>${indicators.length ? `<ul data-indicators>${indicators.join('')}</ul>` : '<p>None.</p>'}</section>` : ''}
${view.images.map((img) => flyer(img, matched)).join('\n')}
${nearDuplicateSection(view)}
${historySection(view)}
${KEYBOARD_HELP}
</main>`, v.csrf);
}

// The flyer with its OCR word boxes drawn over it; words that are part of a match are outlined red.
function flyer(img: MediaRow, matched: string[]): string {
  const words = (Array.isArray(img.ocrWords) ? img.ocrWords : []) as OcrWord[];
  const isEvidence = (w: OcrWord) => w.text.length >= 3 && matched.some((m) => m.includes(w.text.toLowerCase()));
  const num = (n: unknown) => (Number.isFinite(Number(n)) ? Number(n) : 0);
  const boxes = words
    .map((w) => `<rect x="${num(w.bbox.x0)}" y="${num(w.bbox.y0)}" width="${num(w.bbox.x1) - num(w.bbox.x0)}" height="${num(w.bbox.y1) - num(w.bbox.y0)}" class="${isEvidence(w) ? 'evidence' : 'word'}"><title>${esc(w.text)}</title></rect>`)
    .join('');
  const w = img.width ?? 1000;
  const h = img.height ?? 1000;
  return `<section aria-label="Flyer"><h2>Flyer <small>${esc(img.ocrStatus)}${img.ocrError ? `: ${esc(img.ocrError)}` : ''}</small></h2>
<svg class="flyer" viewBox="0 0 ${w} ${h}" role="img" aria-label="flyer with OCR word boxes">
<image href="/media/${esc(img.sha256)}" width="${w}" height="${h}"/>${boxes}</svg></section>`;
}

function decisionSection(v: Viewer, view: ItemView): string {
  const c = view.reviewCase;
  if (!c) return '<p>No review case: the item was not flagged.</p>';
  const id = esc(view.item.id);
  const open = ['pending', 'claimed', 'escalated'].includes(c.status);
  const mine = view.claim.by === v.user.name && view.claim.leaseHeld;
  const othersHold = view.claim.by !== null && view.claim.by !== v.user.name && view.claim.leaseHeld;
  const claimLine = view.claim.by && view.claim.leaseHeld
    ? `<p class="claim" data-claim>Claimed by <strong>${esc(view.claim.by)}</strong>${view.claim.until ? ` until ${esc(view.claim.until.toISOString().slice(11, 16))} UTC` : ''}</p>`
    : '<p class="claim" data-claim>Nobody holds this case.</p>';
  if (!open || !view.canDecide) return `<section aria-label="Decision"><h2>Case: <span data-case-status>${esc(c.status)}</span></h2>${claimLine}</section>`;
  const claimForm = mine
    ? `<form class="inline" method="post" action="/review/${id}/release">${csrfField(v.csrf)}<button type="submit">Release</button></form>`
    : `<form class="inline" method="post" action="/review/${id}/claim">${csrfField(v.csrf)}<button type="submit"${othersHold ? ' disabled' : ''}>Claim</button></form>`;
  const takeOver = othersHold && view.canTakeOver
    ? `<form class="inline" method="post" action="/review/${id}/takeover">${csrfField(v.csrf)}<button type="submit">Take over</button> <span class="muted">from ${esc(view.claim.by)} (logged)</span></form>`
    : '';
  const decide = `<form method="post" action="/review/${id}/decision">${csrfField(v.csrf)}
<label for="note">Note</label><textarea id="note" name="note" rows="2" cols="60" maxlength="5000"></textarea>
<div class="actions">${BUTTONS.map((b) => `<button type="submit" name="decision" value="${b.value}" data-key="${b.key}" class="${b.cls}"${othersHold ? ' disabled' : ''} aria-keyshortcuts="${b.key}">${b.label}</button>`).join('')}
<button type="submit" name="decision" value="note">Add note</button>
<label class="inline"><input type="checkbox" name="next" value="1" checked> then the next case</label></div></form>`;
  return `<section aria-label="Decision"><h2>Case: <span data-case-status>${esc(c.status)}</span></h2>${claimLine}<div class="actions">${claimForm}${takeOver}</div>${decide}</section>`;
}

function nearDuplicateSection(view: ItemView): string {
  if (view.images.length === 0) return '';
  const rows = view.nearDuplicates.map((d) => `<li><a href="/review/${esc(d.itemId)}">${esc(d.source)}${d.channel ? ` · ${esc(d.channel)}` : ''} ${esc(d.externalId)}</a> <span class="muted">${esc(d.ingestedAt.toISOString().slice(0, 10))}</span></li>`);
  return `<section aria-labelledby="near-dup-h" data-near-duplicates><h2 id="near-dup-h">Near-duplicate images</h2>${rows.length ? `<ul>${rows.join('')}</ul>` : '<p>No other item shows these images.</p>'}</section>`;
}

// An item edited after its decision is back in the queue: say so, and which decision it had.
function changedNotice(view: ItemView): string {
  const verdicts = view.history.filter((e) => ['confirmed', 'dismissed', 'escalated', 'changed_after_decision'].includes(e.action));
  const last = verdicts.at(-1);
  if (last?.action !== 'changed_after_decision') return '';
  const decision = verdicts.slice(0, -1).reverse().find((e) => e.action === 'confirmed' || e.action === 'dismissed');
  return `<p class="error" role="status" data-changed-after-decision>Changed after decision: the item was edited after it was ${esc(String(last.data?.decision ?? decision?.action ?? 'decided'))}${decision?.actor ? ` by ${esc(decision.actor)}` : ''}. Read it again and decide.</p>`;
}

// What an event's data adds for a reader: whose claim was taken over, which decision an edit followed, which campaign decided it.
function eventDetail(e: ItemView['history'][number]): string {
  const d = e.data ?? {};
  const parts: string[] = [];
  if (e.action === 'taken_over' && d.previousHolder) parts.push(`from ${esc(d.previousHolder)}`);
  if (e.action === 'changed_after_decision' && d.decision) parts.push(`the item was edited after it was ${esc(d.decision)}`);
  if (typeof d.campaign === 'string') parts.push(`for the <a href="/campaigns/${esc(d.campaign)}">campaign</a>`);
  if (d.joinedConfirmedCampaign) parts.push('joins a confirmed campaign');
  if (d.channelElevated) parts.push('channel at elevated risk');
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function historySection(view: ItemView): string {
  if (!view.reviewCase) return '';
  const rows = view.history.map((e) => `<li data-event="${esc(e.action)}"><strong>${esc(e.action)}</strong>${eventDetail(e)} by ${esc(e.actor ?? 'system')} at <time datetime="${esc(e.createdAt.toISOString())}">${esc(e.createdAt.toISOString().replace('T', ' ').slice(0, 19))} UTC</time>${e.note ? ` — <q>${esc(e.note)}</q>` : ''}</li>`).join('');
  return `<section aria-labelledby="history-h" data-history><h2 id="history-h">History</h2><ol>${rows}</ol></section>`;
}
