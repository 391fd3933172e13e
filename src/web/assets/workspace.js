// The workspace's only script (served, never inline: the pages' CSP allows no inline script).
// Keyboard shortcuts: j/k move through the queue, Enter or o opens the selected case;
// on a case, c confirms, d dismisses, e escalates, n goes to the note; ? shows the help.
'use strict';
(function () {
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const rows = () => Array.from(document.querySelectorAll('tr[data-case]'));
  let selected = -1;
  function select(i) {
    const all = rows();
    if (all.length === 0) return;
    selected = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((r, j) => { r.classList.toggle('selected', j === selected); r.setAttribute('aria-selected', String(j === selected)); });
    all[selected].scrollIntoView({ block: 'nearest' });
  }
  function click(key) {
    const button = document.querySelector(`[data-key="${key}"]`);
    if (button && !button.disabled) button.click();
  }
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const help = document.getElementById('help');
    if (ev.key === 'Escape' && help) { help.hidden = true; return; }
    if (typing(ev.target)) return;
    switch (ev.key) {
      case 'j': select(selected + 1); break;
      case 'k': select(selected - 1); break;
      case 'Enter': case 'o': {
        const row = rows()[selected];
        const link = row && row.querySelector('a[data-open]');
        if (link) { ev.preventDefault(); link.click(); }
        break;
      }
      case 'c': case 'd': case 'e': click(ev.key); break;
      case 'n': {
        const note = document.getElementById('note');
        if (note) { ev.preventDefault(); note.focus(); }
        break;
      }
      case '?': if (help) help.hidden = !help.hidden; break;
      default: return;
    }
  });
  document.querySelectorAll('[data-help-close]').forEach((b) => b.addEventListener('click', () => { document.getElementById('help').hidden = true; }));
  if (rows().length > 0 && document.querySelector('[data-queue]')) select(0);
})();

// The upload page: each file is sent on its own (a progress bar per file), then its item is polled
// until it is scored, and the score, the verdict and a link to it appear in place, without a reload.
(function () {
  const form = document.getElementById('upload-form');
  if (!form) return;
  const input = document.getElementById('files');
  const drop = document.getElementById('drop');
  const list = document.getElementById('uploads');
  const csrf = document.querySelector('meta[name=csrf-token]').getAttribute('content');
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    Object.assign(e, props);
    for (const c of children) e.append(c);
    return e;
  };
  function poll(itemId, row) {
    const started = Date.now();
    const tick = () => fetch(`/api/items/${encodeURIComponent(itemId)}`, { headers: { accept: 'application/json' } })
      .then((res) => (res.status === 404 ? null : res.ok ? res.json() : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then((item) => {
        if (item && item.status === 'failed') { row.status.textContent = `failed: ${item.error || 'unknown error'}`; row.status.className = 'error'; return; }
        if (item && item.score !== null && item.score !== undefined) {
          row.status.textContent = '';
          row.status.append(
            el('span', { className: `score${item.flagged ? ' flagged' : ''}`, textContent: `Score ${item.score} — ${item.flagged ? 'flagged' : 'not flagged'} ` }),
            el('a', { href: `/review/${encodeURIComponent(itemId)}`, textContent: 'open' }),
          );
          row.li.dataset.result = item.flagged ? 'flagged' : 'clean';
          return;
        }
        row.status.textContent = item ? `reading (${item.status})…` : 'queued…';
        if (Date.now() - started > 10 * 60 * 1000) { row.status.textContent = 'still not scored after 10 minutes: see the queue later'; return; }
        setTimeout(tick, 800);
      })
      .catch((err) => { row.status.textContent = `could not check: ${err.message}`; row.status.className = 'error'; });
    tick();
  }
  function upload(file) {
    const progress = el('progress', { max: 100, value: 0 });
    progress.setAttribute('aria-label', `upload of ${file.name}`);
    const status = el('span', { textContent: 'uploading…' });
    const li = el('li', {}, el('strong', { textContent: file.name }), ' ', progress, ' ', status);
    li.dataset.file = file.name;
    list.append(li);
    const row = { li, status };
    const body = new FormData();
    body.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.addEventListener('progress', (ev) => { if (ev.lengthComputable) progress.value = Math.round((ev.loaded / ev.total) * 100); });
    xhr.addEventListener('load', () => {
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = { message: xhr.responseText.slice(0, 200) }; }
      if (xhr.status !== 202) { status.textContent = `refused (${xhr.status}): ${answer && answer.message}`; status.className = 'error'; return; }
      progress.value = 100;
      status.textContent = answer[0].duplicate ? 'already uploaded; checking…' : 'queued…';
      poll(answer[0].itemId, row);
    });
    xhr.addEventListener('error', () => { status.textContent = 'the upload failed (network)'; status.className = 'error'; });
    xhr.send(body);
  }
  const send = (files) => Array.from(files).forEach(upload);
  input.addEventListener('change', () => { send(input.files); input.value = ''; });
  form.addEventListener('submit', (ev) => ev.preventDefault());
  drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => { ev.preventDefault(); drop.classList.remove('over'); send(ev.dataTransfer.files); });
})();
