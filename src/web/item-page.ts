import type { MediaRow } from '../repos/media.repo.ts';
import type { ItemRow } from '../repos/items.repo.ts';
import type { ScoreRow } from '../repos/scores.repo.ts';
import type { CaseRow } from '../repos/review.repo.ts';
import type { UserRow } from '../repos/users.repo.ts';
import type { OcrWord } from '../ocr/result.ts';
import { DECISIONS } from '../review/decisions.ts';
import { esc, page } from './html.ts';
import { highlight } from './highlight.ts';
import { headerBar } from './header.ts';

export interface ItemView {
  item: ItemRow;
  score: ScoreRow | undefined;
  reviewCase: CaseRow | undefined;
  events: { action: string; note: string | null; createdAt: Date }[];
  images: MediaRow[];
  canDecide: boolean;
  message?: string;
}

/** One item as the reviewer decides it: the evidence marked on the text and on the flyer, then the decision. */
export function itemPage(user: UserRow, v: ItemView): string {
  const { item, score } = v;
  const text = score?.scoredText ?? item.text ?? '';
  const matched = (score?.matches ?? []).map((m) => m.text.toLowerCase());
  return page(`Item ${item.externalId}`, `${headerBar(user)}
<main><p><a href="/">← Queue</a></p>
<h1>${esc(item.source)}${item.channel ? ` · ${esc(item.channel)}` : ''} <small>${esc(item.externalId)}</small></h1>
${v.message ? `<p class="error" role="alert">${esc(v.message)}</p>` : ''}
<p class="score${score?.flagged ? ' flagged' : ''}" data-score>${score ? `Score ${esc(score.score)}${score.flagged ? ' — flagged' : ''}` : 'Not scored yet'}</p>
${item.url ? `<p>Original: <a href="${esc(item.url)}" rel="noopener noreferrer nofollow" target="_blank">${esc(item.url)}</a></p>` : ''}
<section aria-label="Text"><h2>Text</h2><pre class="excerpt" data-text>${highlight(text, score?.matches ?? [])}</pre></section>
${score ? `<section aria-label="Why"><h2>Why</h2><p data-explanation>${esc(score.explanation)}</p>
<ul>${(score.indicators ?? []).map((i) => `<li>${esc(i.type)}: <code>${esc(i.value)}</code></li>`).join('')}</ul></section>` : ''}
${v.images.map((img) => flyer(img, matched)).join('\n')}
${decisionSection(v)}
</main>`);
}

// The flyer with its OCR word boxes drawn over it; words that are part of a match are outlined red.
function flyer(img: MediaRow, matched: string[]): string {
  const words = (Array.isArray(img.ocrWords) ? img.ocrWords : []) as OcrWord[];
  const isEvidence = (w: OcrWord) => w.text.length >= 3 && matched.some((m) => m.includes(w.text.toLowerCase()));
  const boxes = words
    .map((w) => `<rect x="${w.bbox.x0}" y="${w.bbox.y0}" width="${w.bbox.x1 - w.bbox.x0}" height="${w.bbox.y1 - w.bbox.y0}" class="${isEvidence(w) ? 'evidence' : 'word'}"><title>${esc(w.text)}</title></rect>`)
    .join('');
  const w = img.width ?? 1000;
  const h = img.height ?? 1000;
  return `<section aria-label="Flyer"><h2>Flyer <small>${esc(img.ocrStatus)}${img.ocrError ? `: ${esc(img.ocrError)}` : ''}</small></h2>
<svg viewBox="0 0 ${w} ${h}" style="max-width:100%;height:auto" role="img" aria-label="flyer with OCR word boxes">
<image href="/media/${esc(img.sha256)}" width="${w}" height="${h}"/>${boxes}</svg>
<style>rect.word{fill:none;stroke:#5b8def;stroke-width:1;opacity:.5}rect.evidence{fill:rgba(164,22,26,.15);stroke:#a4161a;stroke-width:3}</style></section>`;
}

function decisionSection(v: ItemView): string {
  const c = v.reviewCase;
  if (!c) return '<p>No review case: the item was not flagged.</p>';
  const history = v.events.map((e) => `<li>${esc(e.action)} ${esc(e.createdAt.toISOString())}${e.note ? ` — ${esc(e.note)}` : ''}</li>`).join('');
  const open = ['pending', 'claimed', 'escalated'].includes(c.status);
  const form = open && v.canDecide
    ? `<form method="post" action="/items/${esc(v.item.id)}/decision">
<label for="note">Note (optional)</label><textarea id="note" name="note" rows="2" cols="60" maxlength="5000"></textarea>
<p>${DECISIONS.map((d, i) => `<button type="submit" name="decision" value="${d}" accesskey="${i + 1}">${d}</button>`).join(' ')}</p></form>`
    : '';
  return `<section aria-label="Decision"><h2>Case: <span data-case-status>${esc(c.status)}</span></h2>${form}<ol>${history}</ol></section>`;
}
