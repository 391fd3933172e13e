// A small t.me/s/<channel> preview page in Telegram's markup, for tests that scan a local server.

export interface PagePost {
  id: number;
  text: string;
  /** a forward: the name shown and the link Telegram puts on it (absent for a hidden sender) */
  forwardedFrom?: { name: string; href?: string };
}

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function message(channel: string, p: PagePost): string {
  const fwd = p.forwardedFrom
    ? `<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from&nbsp;${
      p.forwardedFrom.href
        ? `<a class="tgme_widget_message_forwarded_from_name" href="${p.forwardedFrom.href}"><span dir="auto">${escHtml(p.forwardedFrom.name)}</span></a>`
        : `<span class="tgme_widget_message_forwarded_from_name"><span dir="auto">${escHtml(p.forwardedFrom.name)}</span></span>`
    }</div>`
    : '';
  return `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="${channel}/${p.id}">
<div class="tgme_widget_message_bubble">${fwd}<div class="tgme_widget_message_text js-message_text" dir="auto">${escHtml(p.text)}</div>
<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/${channel}/${p.id}"><time datetime="2026-11-20T10:${String(p.id % 60).padStart(2, '0')}:00+00:00">10:00</time></a></div></div></div></div>`;
}

export function channelPageHtml(channel: string, posts: PagePost[]): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${channel} – Telegram</title></head>
<body class="tgme_webpreview"><main class="tgme_main" data-url="/${channel}">
<section class="tgme_channel_history js-message_history">
${posts.map((p) => message(channel, p)).join('\n')}
</section></main></body></html>`;
}
