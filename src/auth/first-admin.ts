import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { findUserByName } from '../repos/users.repo.ts';
import { addUser } from './users.ts';

export const FIRST_ADMIN_NAME = 'admin';

export interface FirstAdmin {
  name: string;
  /** Set only when recruitwatch made the password up; a password from RW_ADMIN_PASSWORD is never echoed. */
  generatedPassword?: string;
  token: string;
}

/**
 * On a database with no user at all, creates the admin who creates everyone else: with the
 * RW_ADMIN_PASSWORD given, or a generated one that the caller shows once. This is the first-run
 * path that works with the embedded database, where `user add` cannot open the folder while
 * `serve` holds it. Returns null when any user exists (including one that a second `serve`
 * starting at the same moment created first).
 */
export async function ensureFirstAdmin(db: Db, password: string | undefined): Promise<FirstAdmin | null> {
  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n > 0) return null;
  const chosen = password ?? randomBytes(18).toString('base64url');
  try {
    const { user, token } = await addUser(db, { name: FIRST_ADMIN_NAME, role: 'admin', password: chosen });
    return { name: user.name, generatedPassword: password ? undefined : chosen, token };
  } catch (err) {
    // Lost a race with another process creating the same first admin: that one shows the credentials.
    if (await findUserByName(db, FIRST_ADMIN_NAME)) return null;
    throw err;
  }
}

/** What `serve` prints once, on standard error, so it reaches the person who started it and no log file. */
export function firstAdminNotice(admin: FirstAdmin, publicUrl: string): string {
  const lines = [
    'First run: no user existed, so recruitwatch created an admin.',
    `  sign in at ${new URL('/login', publicUrl)} as "${admin.name}"`,
    admin.generatedPassword
      ? `  password (shown once; set RW_ADMIN_PASSWORD before the first start to choose it): ${admin.generatedPassword}`
      : '  password: the one in RW_ADMIN_PASSWORD',
    `  API token (shown once): ${admin.token}`,
  ];
  return lines.join('\n') + '\n';
}
