import type { UserRow } from '../repos/users.repo.ts';
import { esc } from './html.ts';

export function headerBar(user: UserRow): string {
  return `<header><strong><a href="/" style="color:inherit">recruitwatch</a></strong><span>Signed in as ${esc(user.name)} (${esc(user.role)})</span>
<form method="post" action="/logout"><button type="submit">Sign out</button></form></header>`;
}
