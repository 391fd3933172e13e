import { ROLES } from '../auth/roles.ts';
import type { listUsers } from '../repos/users.repo.ts';
import type { Viewer } from './guard.ts';
import { csrfField, esc, page } from './html.ts';
import { headerBar } from './header.ts';

type UserListRow = Awaited<ReturnType<typeof listUsers>>[number];

export function usersPage(v: Viewer, users: UserListRow[], notice?: { ok?: string; error?: string; token?: string }): string {
  const form = (action: string, body: string) => `<form class="inline" method="post" action="${esc(action)}">${csrfField(v.csrf)}${body}</form>`;
  const rows = users.map((u) => {
    const base = `/admin/users/${encodeURIComponent(u.name)}`;
    const roleSelect = `<label class="inline" for="role-${esc(u.id)}">Role of ${esc(u.name)}</label><select id="role-${esc(u.id)}" name="role">${ROLES.map((r) => `<option${r === u.role ? ' selected' : ''}>${r}</option>`).join('')}</select>`;
    return `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td><td>${esc(u.role)}</td><td>${u.disabledAt ? '<span class="error">disabled</span>' : 'active'}</td><td>${u.hasPassword ? 'yes' : 'no'}</td><td>${esc(u.activeTokens)}</td>
<td>${form(`${base}/role`, `${roleSelect}<button type="submit">Change role</button>`)}
${form(`${base}/${u.disabledAt ? 'enable' : 'disable'}`, `<button type="submit">${u.disabledAt ? 'Enable' : 'Disable'} ${esc(u.name)}</button>`)}
${form(`${base}/revoke-tokens`, `<button type="submit"${u.activeTokens ? '' : ' disabled'}>Revoke tokens of ${esc(u.name)}</button>`)}</td></tr>`;
  });
  return page('Users', `${headerBar(v)}<main><h1>Users</h1>
${notice?.ok ? `<p class="ok" role="status">${esc(notice.ok)}</p>` : ''}${notice?.error ? `<p class="error" role="alert">${esc(notice.error)}</p>` : ''}
${notice?.token ? `<p role="status">API token (shown once): <code data-new-token>${esc(notice.token)}</code></p>` : ''}
<table><thead><tr><th>Name</th><th>Role</th><th>Status</th><th>Password</th><th>Live tokens</th><th>Actions</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
<h2>Create a user</h2>
<form method="post" action="/admin/users">${csrfField(v.csrf)}
<label for="new-name">Name</label><input id="new-name" name="name" required pattern="[\\w.@\\-]{1,64}">
<label for="new-role">Role</label><select id="new-role" name="role">${ROLES.map((r) => `<option>${r}</option>`).join('')}</select>
<label for="new-password">Password (at least 12 characters)</label><input id="new-password" name="password" type="password" autocomplete="new-password" minlength="12" required>
<p><button type="submit">Create user</button></p></form></main>`, v.csrf);
}
