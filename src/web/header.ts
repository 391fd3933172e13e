import { can } from '../auth/roles.ts';
import type { Viewer } from './guard.ts';
import { csrfField, esc } from './html.ts';

export function headerBar(v: Viewer): string {
  const { user } = v;
  const links = [
    ['/review', 'Queue'],
    ['/review?view=below', 'Below threshold'],
    ...(can(user.role, 'submit') ? [['/upload', 'Upload']] : []),
    ...(can(user.role, 'admin') ? [['/admin/users', 'Users'], ['/admin/channels', 'Channels'], ['/admin/analytics', 'Analytics'], ['/admin/backtest', 'Backtest'], ['/admin/exports', 'Exports']] : []),
  ];
  return `<header><strong><a href="/review">recruitwatch</a></strong>
<nav aria-label="Workspace">${links.map(([href, label]) => `<a href="${href}">${label}</a>`).join('')}</nav>
<span>Signed in as ${esc(user.name)} (${esc(user.role)})</span>
<form method="post" action="/logout">${csrfField(v.csrf)}<button type="submit">Sign out</button></form></header>`;
}

/** The keyboard help, opened with "?". */
export const KEYBOARD_HELP = `<aside id="help" role="dialog" aria-label="Keyboard shortcuts" hidden><h2>Keyboard shortcuts</h2>
<p><kbd>j</kbd>/<kbd>k</kbd> next / previous case · <kbd>Enter</kbd> open it<br><kbd>c</kbd> confirm scam · <kbd>d</kbd> dismiss · <kbd>e</kbd> escalate · <kbd>n</kbd> write a note · <kbd>?</kbd> this help</p>
<button type="button" data-help-close>Close</button></aside>`;
