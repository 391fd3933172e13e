// Server-rendered pages: every value goes through esc(); nothing from a post reaches the page unescaped.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · recruitwatch</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f5f6f8}
header{background:#1d2430;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
header form{margin-left:auto}
main{max-width:60rem;margin:1rem auto;padding:0 1rem}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e1e4ea;vertical-align:top}
.score{font-weight:600;font-variant-numeric:tabular-nums}
.flagged{color:#a4161a}
.error{color:#a4161a;font-weight:600}
.excerpt{max-width:36rem;overflow-wrap:anywhere;unicode-bidi:plaintext}
label{display:block;margin:.6rem 0 .2rem}
input{font:inherit;padding:.35rem}
button{font:inherit;padding:.35rem .9rem}
mark{background:#ffd6a5;outline:1px solid #a4161a}
pre{white-space:pre-wrap;background:#fff;padding:.8rem;border:1px solid #e1e4ea}
</style></head>
<body>${body}</body></html>`;
}
