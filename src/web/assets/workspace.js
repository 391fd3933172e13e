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
