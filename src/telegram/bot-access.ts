import { and, eq, isNull } from 'drizzle-orm';
import { can } from '../auth/roles.ts';
import { users } from '../db/schema/index.ts';
import type { BotDeps } from './bot-files.ts';

/**
 * A moderator is a Telegram user id listed in TELEGRAM_MODERATORS, or one linked to an active
 * recruitwatch user whose role may submit content (users.telegram_user_id).
 */
export async function isModerator(deps: Pick<BotDeps, 'config' | 'db'>, telegramUserId: number | undefined): Promise<boolean> {
  if (telegramUserId === undefined) return false;
  const id = String(telegramUserId);
  if (deps.config.TELEGRAM_MODERATORS.includes(id)) return true;
  const [user] = await deps.db
    .select({ role: users.role })
    .from(users)
    .where(and(eq(users.telegramUserId, id), isNull(users.disabledAt)));
  return user !== undefined && can(user.role, 'submit');
}
